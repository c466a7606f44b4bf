import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import {
  causedBy,
  createEnvelope,
  MessageTypes,
  type AgentAnnouncementPayload,
  type Envelope,
  type StepDispatchPayload,
  type StepResultPayload,
} from '@ensemble/contracts';

/** One agent principal and the instances (agent ids) that share its login. */
export interface SimulatedPrincipal {
  capability: string;
  name: string;
  url: string;
  username: string;
  queue: string;
  agentIds: string[];
}

export interface ScaleAgentsSpec {
  prefix: string;
  principals: SimulatedPrincipal[];
  heartbeatMs: number;
  prefetch: number;
  /** Instances sharing one AMQP connection (each on its own channel). */
  perConnection: number;
}

export type ToAgents = { kind: 'start'; spec: ScaleAgentsSpec } | { kind: 'stop' };

export interface AgentsReport {
  kind: 'stopped';
  /** Tasks answered, per agent id. */
  tasks: Record<string, number>;
  announcements: number;
  failures: string[];
}

export type FromAgents = { kind: 'started' } | AgentsReport;

const DELIVERY_LIMIT = 10;
const RETRY_DELAY_MS = 1000;
const DRAIN_MS = 10_000;

/** A connection shared by many simulated agents: one confirm channel publishes for all of them. */
class Link {
  private readonly returned = new Set<string>();

  private constructor(
    readonly connection: ChannelModel,
    private readonly publisher: ConfirmChannel,
    private readonly username: string,
  ) {
    publisher.on('return', (msg: ConsumeMessage) => {
      this.returned.add(String(msg.properties.messageId));
    });
  }

  static async open(principal: SimulatedPrincipal, failures: string[]): Promise<Link> {
    const connection = await amqp.connect(principal.url, {
      clientProperties: { connection_name: `scale-bench ${principal.name}` },
    });
    connection.on('error', (error: Error) => failures.push(`connection: ${error.message}`));
    const publisher = await connection.createConfirmChannel();
    publisher.on('error', (error: Error) => failures.push(`publisher: ${error.message}`));
    return new Link(connection, publisher, principal.username);
  }

  /** Confirmed; mandatory on the default exchange, so an unroutable result is an error. */
  async publish(
    exchange: string,
    routingKey: string,
    envelope: Envelope<object>,
    persistent: boolean,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.publisher.publish(
        exchange,
        routingKey,
        Buffer.from(JSON.stringify(envelope)),
        {
          messageId: envelope.id,
          type: envelope.type,
          contentType: 'application/json',
          persistent,
          mandatory: exchange === '',
          correlationId: envelope.correlationId,
          timestamp: Math.floor(Date.now() / 1000),
          headers: { 'x-tenant-id': envelope.tenantId },
          userId: this.username,
        },
        (error: Error | null | undefined) => {
          if (error) reject(error);
          else resolve();
        },
      );
    });
    if (this.returned.delete(envelope.id)) throw new Error(`unroutable: ${routingKey}`);
  }
}

/** One agent instance: its own channel and consumer on its principal's queue, its own heartbeat. */
class SimulatedAgent {
  tasks = 0;
  private inFlight = 0;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly agentId: string,
    private readonly principal: SimulatedPrincipal,
    private readonly link: Link,
    private readonly bench: AgentsHost,
  ) {}

  async start(): Promise<void> {
    const channel = await this.link.connection.createChannel();
    channel.on('error', (error: Error) => this.bench.failures.push(`channel: ${error.message}`));
    await channel.prefetch(this.bench.spec.prefetch);
    const { consumerTag } = await channel.consume(this.principal.queue, (msg) => {
      if (msg) void this.onTask(channel, msg);
    });
    this.channel = channel;
    this.consumerTag = consumerTag;
    // Agents start at different moments: spread registrations and heartbeats over one interval.
    const { heartbeatMs } = this.bench.spec;
    this.timer = setTimeout(() => {
      void this.announce(MessageTypes.agents.agentRegistered);
      this.timer = setInterval(() => void this.announce(MessageTypes.agents.agentHeartbeat), heartbeatMs);
    }, Math.random() * heartbeatMs);
  }

  /** Stops taking tasks and waits for the ones in hand. */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag);
    const deadline = Date.now() + DRAIN_MS;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async deregister(): Promise<void> {
    await this.announce(MessageTypes.agents.agentDeregistered);
  }

  private async onTask(channel: Channel, msg: ConsumeMessage): Promise<void> {
    this.inFlight += 1;
    try {
      const task = JSON.parse(msg.content.toString()) as Envelope<StepDispatchPayload>;
      if (
        msg.properties.userId !== `${this.bench.spec.prefix}.orchestrator` ||
        task.type !== 'step.dispatch.v1'
      )
        throw new Error(`not a task from the orchestrator: ${task.type}`);
      const started = Date.now();
      const p = task.payload;
      const result: StepResultPayload = {
        runId: p.runId,
        stepId: p.stepId,
        attempt: p.attempt,
        taskId: task.id,
        outcome: 'succeeded',
        output: p.input ?? null,
        agentId: this.agentId,
        durationMs: Date.now() - started,
      };
      const reply = createEnvelope(MessageTypes.agents.stepResult, result, causedBy(task));
      await this.link.publish('', `${this.bench.spec.prefix}.orchestrator.results`, reply, true);
      channel.ack(msg);
      this.tasks += 1;
    } catch (error) {
      this.bench.failures.push(`task: ${(error as Error).message}`);
      channel.nack(msg, false, true);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async announce(type: string): Promise<void> {
    const payload: AgentAnnouncementPayload = {
      agentId: this.agentId,
      name: this.principal.name,
      version: '1.0.0',
      capabilities: [this.principal.capability],
      concurrency: this.bench.spec.prefetch,
      host: 'scale-bench',
    };
    const id = randomUUID();
    const envelope = createEnvelope(type, payload, {
      tenantId: 'system',
      correlationId: id,
      causationId: id,
    });
    try {
      await this.link.publish(`${this.bench.spec.prefix}.events`, type, envelope, false);
      this.bench.announcements += 1;
    } catch (error) {
      this.bench.failures.push(`${type}: ${(error as Error).message}`);
    }
  }
}

/** The simulated agents of one process. */
class AgentsHost {
  announcements = 0;
  readonly failures: string[] = [];
  private readonly agents: { agentId: string; agent: SimulatedAgent }[] = [];
  private readonly links: Link[] = [];

  constructor(readonly spec: ScaleAgentsSpec) {}

  async start(): Promise<void> {
    for (const principal of this.spec.principals) {
      for (let i = 0; i < principal.agentIds.length; i += this.spec.perConnection) {
        const link = await Link.open(principal, this.failures);
        this.links.push(link);
        if (i === 0) await declareTaskQueue(link.connection, this.spec.prefix, principal.queue);
        for (const agentId of principal.agentIds.slice(i, i + this.spec.perConnection)) {
          const agent = new SimulatedAgent(agentId, principal, link, this);
          await agent.start();
          this.agents.push({ agentId, agent });
        }
      }
    }
  }

  async stop(): Promise<AgentsReport> {
    await Promise.all(this.agents.map(({ agent }) => agent.drain()));
    await Promise.all(this.agents.map(({ agent }) => agent.deregister()));
    for (const link of this.links) await link.connection.close().catch(() => undefined);
    const tasks = Object.fromEntries(this.agents.map(({ agentId, agent }) => [agentId, agent.tasks]));
    return {
      kind: 'stopped',
      tasks,
      announcements: this.announcements,
      failures: this.failures.slice(0, 20),
    };
  }
}

/** The task queue with exactly the fleet's arguments (docs/plugin-protocol.md, "Consuming tasks"). */
async function declareTaskQueue(connection: ChannelModel, prefix: string, queue: string): Promise<void> {
  const channel = await connection.createChannel();
  await channel.assertQueue(`${queue}.dlq`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(`${queue}.dlq`, `${prefix}.dlx`, queue);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': `${prefix}.dlx`,
      'x-dead-letter-routing-key': queue,
      'x-delivery-limit': DELIVERY_LIMIT,
    },
  });
  await channel.assertQueue(`${queue}.retry`, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': RETRY_DELAY_MS,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
    },
  });
  await channel.close();
}

/** Forked by scale-bench: `start` with a spec, later `stop`; answers over IPC. */
function main(): void {
  let host: AgentsHost | undefined;
  const send = (message: FromAgents): void => {
    process.send?.(message);
  };
  process.on('message', (message: ToAgents) => {
    if (message.kind === 'start') {
      host = new AgentsHost(message.spec);
      host.start().then(
        () => {
          send({ kind: 'started' });
        },
        (error: unknown) => {
          console.error(`simulated agents failed to start: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    } else {
      void host
        ?.stop()
        .then((report) => {
          send(report);
        })
        .finally(() => {
          process.disconnect();
        });
    }
  });
}

if (require.main === module) main();
