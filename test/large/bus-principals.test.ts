import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Client } from 'pg';
import { createEnvelope, MessageTypes, type AgentCredentials, type RpcReply } from '@ensemble/contracts';
import { BrokerAdmin } from '@ensemble/messaging';
import { amqpUrlFor } from '../../tools/fleet/provision-broker';
import { agentUrl, declareAgent } from '../support/agents';
import { adminDb } from '../support/db';
import { insertApiKey } from '../support/tenant-owner';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { GatewayClient, startTestFleet, type TestFleet } from '../support/test-fleet';
import { twoStepData } from '../support/workflows';

jest.setTimeout(180_000);

interface HistoryEvent {
  type: string;
  stepId: string | null;
  data: Record<string, unknown> | null;
}

describe('principals on the bus', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let db: Client;
  let other: GatewayClient;
  let viewer: GatewayClient;
  let worker: AgentCredentials;
  let rogue: AgentCredentials;
  let foreign: AgentCredentials;
  const open: ChannelModel[] = [];

  const connect = async (url: string): Promise<ChannelModel> => {
    const connection = await amqp.connect(url);
    connection.on('error', () => undefined);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    t = createTestEnv('principals');
    f = await startTestFleet(t);
    db = await adminDb(t);
    other = new GatewayClient(f.fleet.url('gateway'), await insertApiKey(t, 'other', 'admin'));
    viewer = new GatewayClient(f.fleet.url('gateway'), await insertApiKey(t, 'default', 'viewer'));
    conformance = await OpenApiConformance.watch(f.gateway, other, viewer);
    worker = await declareAgent(f.gateway, 'b-worker', ['acme.b']);
    rogue = await declareAgent(f.gateway, 'rogue', ['acme.a']);
    foreign = await declareAgent(other, 'b-worker', ['acme.b']);
    const created = await f.gateway.request('POST', '/workflows', {
      name: 'external-step',
      steps: [
        { id: 'b', capability: 'acme.b', input: 'input', timeoutMs: 120_000 },
        { id: 'after', capability: 'data', action: 'normalize', dependsOn: ['b'], input: 'steps.b.output' },
      ],
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    for (const connection of open) await connection.close().catch(() => undefined);
    await db.end();
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it("refuses guest/guest on Ensemble's vhost", async () => {
    const url = amqpUrlFor(t.config.AMQP_URL, 'guest', 'guest', t.config.BROKER_VHOST);
    await expect(amqp.connect(url)).rejects.toThrow(/ConnectionClose|access|refused|not_allowed|403/i);
  });

  it('refuses a message whose user-id is not the sender’s own login', async () => {
    const channel = await (await connect(agentUrl(t, rogue))).createConfirmChannel();
    channel.on('error', () => undefined);
    channel.sendToQueue(`${t.prefix}.orchestrator.results`, Buffer.from('{}'), {
      userId: `${t.prefix}.orchestrator`,
    });
    await expect(channel.waitForConfirms()).rejects.toBeDefined();
  });

  it('answers the orchestrator RPC for the gateway only, not for agents', async () => {
    for (const [url, user] of [
      [agentUrl(t, rogue), rogue.broker.username],
      [f.broker.urls['data-agent'], `${t.prefix}.data-agent`],
    ] as const) {
      const reply = await rpcAs(url, user, `${t.prefix}.rpc.orchestrator`, MessageTypes.rpc.runList, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it("lets an agent read only its own tenant's task queues", async () => {
    const connection = await connect(agentUrl(t, rogue));
    for (const queue of [
      worker.broker.consume['acme.b'],
      foreign.broker.consume['acme.b'],
      `${t.prefix}.cap.validation`,
    ]) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.consume(queue, () => undefined)).rejects.toThrow(/ACCESS_REFUSED|403/);
    }
    expect(worker.broker.consume['acme.b']).not.toBe(foreign.broker.consume['acme.b']);
  });

  it("records forged results as rejected and finishes the run with the entitled agent's result", async () => {
    const started = await f.gateway.request('POST', '/workflows/external-step/execute', { input: { n: 1 } });
    const runId = String(started.body.runId);
    const dispatched = await eventually(
      async () => (await history(runId)).find((e) => e.type === 'step.dispatched' && e.stepId === 'b'),
      'step b dispatched',
    );
    const taskId = String(dispatched.data?.taskId);
    const forgers: [string, string][] = [
      [agentUrl(t, rogue), rogue.broker.username],
      [agentUrl(t, foreign), foreign.broker.username],
      [f.broker.urls['data-agent'], `${t.prefix}.data-agent`],
    ];
    for (const [url, user] of forgers) await sendResult(url, user, runId, taskId, { forged: user });
    const rejected = await eventually(async () => {
      const found = (await history(runId)).filter((e) => e.type === 'step.result_rejected');
      return found.length === forgers.length ? found : undefined;
    }, 'three rejections');
    expect(rejected.map((e) => e.data?.sender).sort()).toEqual(forgers.map(([, user]) => user).sort());
    expect((await f.gateway.request('GET', `/runs/${runId}`)).body.status).toBe('running');

    await serveOneTask(agentUrl(t, worker), worker, { legit: true });
    const run = await f.gateway.runUntil(runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const steps = run.steps as { stepId: string; output: unknown }[];
    expect(steps.find((s) => s.stepId === 'b')?.output).toEqual({ legit: true });
  });

  it('runs a step on an external agent that joined with the credentials the gateway handed out', async () => {
    const echo = await declareAgent(f.gateway, 'echo', ['echo']);
    const agent = spawn(
      process.execPath,
      [join(__dirname, '..', '..', 'docs', 'examples', 'plugin', 'echo-agent.js')],
      {
        env: {
          ...process.env,
          BROKER_PREFIX: t.prefix,
          BROKER_URL: t.config.AMQP_URL,
          AGENT_USER: echo.broker.username,
          AGENT_PASSWORD: echo.broker.password,
          BROKER_VHOST: echo.broker.vhost,
          TASK_QUEUE: echo.broker.consume.echo,
        },
        stdio: 'ignore',
      },
    );
    try {
      const created = await f.gateway.request('POST', '/workflows', {
        name: 'echo-it',
        steps: [{ id: 'echo', capability: 'echo', input: 'input', timeoutMs: 60_000 }],
      });
      expect(created.status).toBe(201);
      const started = await f.gateway.request('POST', '/workflows/echo-it/execute', {
        input: { hello: 'world' },
      });
      const run = await f.gateway.runUntil(String(started.body.runId), ['succeeded', 'failed']);
      expect(run.status).toBe('succeeded');
      expect((run.steps as { output: unknown }[])[0]?.output).toEqual({ hello: 'world' });
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('refuses a workflow that names a capability no agent of the tenant declared', async () => {
    const undeclared = await f.gateway.request('POST', '/workflows', {
      name: 'undeclared',
      steps: [{ id: 'x', capability: 'acme.zzz' }],
    });
    expect(undeclared.status).toBe(400);
    expect(JSON.stringify(undeclared.body)).toContain('steps[0].capability');
    const othersCapability = await other.request('POST', '/workflows', {
      name: 'borrowed',
      steps: [{ id: 'x', capability: 'acme.a' }],
    });
    expect(othersCapability.status).toBe(400);
  });

  it('lets only admins create agents, and only their own tenant revoke them', async () => {
    expect((await viewer.request('POST', '/agents', { name: 'v', capabilities: ['acme.v'] })).status).toBe(
      403,
    );
    expect(
      (await f.gateway.request('POST', '/agents', { name: 'fleet', capabilities: ['validation'] })).status,
    ).toBe(400);
    expect((await other.request('DELETE', `/agents/${rogue.id}`)).status).toBe(404);
  });

  it('survives the broker closing every app connection, and serves runs again', async () => {
    const admin = new BrokerAdmin(t.config.BROKER_ADMIN_URL);
    const apps = ['orchestrator', 'data-agent', 'gateway', 'registry'] as const;
    const pids = apps.map((app) => f.fleet.pid(app));
    for (const app of apps) await admin.closeConnectionsOf(`${t.prefix}.${app}`);
    await eventually(async () => {
      const created = await f.gateway.request('POST', '/workflows', twoStepData('after-reconnect'));
      return created.status === 201 ? true : undefined;
    }, 'a workflow created after the reconnect');
    const started = await eventually(async () => {
      const reply = await f.gateway.request('POST', '/workflows/after-reconnect/execute', {
        input: { a: 1 },
      });
      return reply.status === 202 ? reply : undefined;
    }, 'a run start after the reconnect');
    const run = await f.gateway.runUntil(String(started.body.runId), ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(apps.map((app) => f.fleet.pid(app))).toEqual(pids);
  });

  it('revokes an agent: its login is deleted and its open connection closed', async () => {
    const connection = await amqp.connect(agentUrl(t, rogue));
    connection.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => {
      connection.once('close', () => {
        resolve();
      });
    });
    expect((await f.gateway.request('DELETE', `/agents/${rogue.id}`)).status).toBe(204);
    await closed;
    await expect(amqp.connect(agentUrl(t, rogue))).rejects.toThrow();
  });

  async function history(runId: string): Promise<HistoryEvent[]> {
    const reply = await f.gateway.request<HistoryEvent[]>('GET', `/runs/${runId}/history`);
    if (!Array.isArray(reply.body)) throw new Error(`history answered ${reply.status}`);
    return reply.body;
  }

  async function sendResult(
    url: string,
    user: string,
    runId: string,
    taskId: string,
    output: unknown,
  ): Promise<void> {
    const channel = await (await connect(url)).createConfirmChannel();
    const id = randomUUID();
    const envelope = createEnvelope(
      MessageTypes.agents.stepResult,
      { runId, stepId: 'b', attempt: 1, taskId, outcome: 'succeeded', output, agentId: user, durationMs: 1 },
      { tenantId: 'default', correlationId: id, causationId: id, runId, stepId: 'b' },
    );
    channel.sendToQueue(`${t.prefix}.orchestrator.results`, Buffer.from(JSON.stringify(envelope)), {
      userId: user,
      persistent: true,
    });
    await channel.waitForConfirms();
  }

  /** Speaks the wire protocol as an external agent would: take one task, answer it. */
  async function serveOneTask(url: string, agent: AgentCredentials, output: unknown): Promise<void> {
    const channel: ConfirmChannel = await (await connect(url)).createConfirmChannel();
    const queue = agent.broker.consume['acme.b'] ?? '';
    const msg = await eventually(
      async () => (await channel.get(queue, { noAck: false })) || undefined,
      'a task',
    );
    const task = JSON.parse(msg.content.toString()) as { id: string; payload: Record<string, unknown> };
    const p = task.payload;
    const result = createEnvelope(
      MessageTypes.agents.stepResult,
      {
        runId: p.runId,
        stepId: p.stepId,
        attempt: p.attempt,
        taskId: task.id,
        outcome: 'succeeded',
        output,
        agentId: agent.username,
        durationMs: 1,
      },
      { tenantId: 'default', correlationId: randomUUID(), causationId: task.id },
    );
    channel.sendToQueue(agent.broker.results, Buffer.from(JSON.stringify(result)), {
      userId: agent.broker.username,
      persistent: true,
    });
    await channel.waitForConfirms();
    channel.ack(msg);
  }

  async function rpcAs(
    url: string,
    user: string,
    queue: string,
    type: string,
    payload: object,
  ): Promise<RpcReply> {
    const channel = await (await connect(url)).createChannel();
    const { queue: replyTo } = await channel.assertQueue('', { exclusive: true });
    const reply = new Promise<RpcReply>((resolve) => {
      void channel.consume(
        replyTo,
        (msg) => {
          if (msg) resolve(JSON.parse(msg.content.toString()) as RpcReply);
        },
        { noAck: true },
      );
    });
    const id = randomUUID();
    const envelope = createEnvelope(type, payload, {
      tenantId: 'default',
      correlationId: id,
      causationId: id,
    });
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), {
      userId: user,
      replyTo,
      correlationId: id,
    });
    return reply;
  }

  itAnsweredAsTheDocumentSays(() => conformance);
});
