import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import {
  DomainError,
  parseEnvelope,
  type Envelope,
  type ErrorCode,
  type RpcReply,
} from '@ensemble/contracts';
import { MetricsService, requestContext } from '@ensemble/observability';
import type { SchemaGate } from '@ensemble/persistence';
import { AmqpContext } from './amqp-context';
import type { BrokerConnection } from './broker-connection';
import { dispositionOf } from './message-errors';
import type { MessagingSettings, QueueSpec } from './messaging-settings';
import type { Publisher } from './publisher';
import { assertExchanges, assertQueue } from './topology';

const RETRY_HEADER = 'x-ensemble-retries';
/** Set when a consumer re-publishes a message (retry, dead letter): who sent the original. */
export const SENDER_HEADER = 'x-ensemble-sender';
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * Nest transport over RabbitMQ: routes each delivery to the `@EventPattern`/`@MessagePattern`
 * handler named by its envelope type, acks only after the handler (and so its transaction) has
 * finished, and never lets one bad message crash the consumer or block its queue.
 */
export class EnsembleTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(EnsembleTransport.name);
  private wrapper: ChannelWrapper | undefined;
  private channel: Channel | undefined;
  private consumerTags: string[] = [];
  private inFlight = 0;
  private readonly handlers = new Map<string, MessageHandler | undefined>();
  private closing = false;
  private drained: (() => void) | undefined;
  private attached: Promise<void> = Promise.resolve();

  constructor(
    private readonly broker: BrokerConnection,
    private readonly publisher: Publisher,
    private readonly metrics: MetricsService,
    private readonly settings: MessagingSettings,
    private readonly queues: QueueSpec[],
    /** Consuming waits until the app's schema has every migration its code needs. */
    private readonly schema?: SchemaGate,
  ) {
    super();
  }

  listen(callback: () => void): void {
    this.attached = (this.schema?.whenReady() ?? Promise.resolve()).then(
      () => {
        this.consume();
      },
      () => undefined, // shut down before the schema was ready
    );
    callback();
  }

  private consume(): void {
    if (this.closing) return;
    this.wrapper = this.broker.channel(`${this.settings.service}.consumer`, async (channel: Channel) => {
      this.channel = channel;
      this.consumerTags = [];
      await assertExchanges(channel, this.settings.names);
      await channel.prefetch(this.settings.prefetch);
      for (const spec of this.queues) {
        const queue = await assertQueue(channel, this.settings.names, spec, this.settings.deliveryLimit);
        const { consumerTag } = await channel.consume(queue, (msg) => {
          void this.onMessage(channel, spec, msg);
        });
        this.consumerTags.push(consumerTag);
      }
      this.logger.log(`consuming ${this.queues.map((q) => q.name).join(', ')}`);
    });
  }

  /** Resolves once the consumers are attached (tests and the fleet launcher wait on it). */
  async waitUntilConsuming(): Promise<void> {
    await this.attached;
    await this.wrapper?.waitForConnect();
  }

  private async onMessage(channel: Channel, spec: QueueSpec, msg: ConsumeMessage | null): Promise<void> {
    if (!msg || this.closing) return;
    this.inFlight += 1;
    try {
      await this.process(channel, spec, msg);
    } catch (error) {
      this.logger.error(`unexpected failure handling a message: ${(error as Error).stack ?? String(error)}`);
      safely(() => {
        channel.nack(msg, false, true);
      });
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  private async process(channel: Channel, spec: QueueSpec, msg: ConsumeMessage): Promise<void> {
    const parsed = await parseEnvelope(msg.content);
    if (!parsed.ok) {
      await this.reject(channel, spec, msg, parsed.reason);
      return;
    }
    const envelope = parsed.envelope;
    const sender = senderOf(msg, this.settings.username);
    const refusal = this.refusal(spec, sender, envelope.type);
    if (refusal !== undefined) {
      this.metrics.messagesConsumed.inc({ type: envelope.type, outcome: 'refused' });
      await this.reject(channel, spec, msg, refusal, 'FORBIDDEN');
      return;
    }
    const handler = this.handlerFor(envelope.type);
    if (!handler) {
      await this.reject(channel, spec, msg, `no handler for message type ${envelope.type}`);
      return;
    }
    const started = performance.now();
    const context = {
      correlationId: envelope.correlationId,
      tenantId: envelope.tenantId,
      messageId: envelope.id,
      ...(envelope.runId ? { runId: envelope.runId } : {}),
      ...(envelope.stepId ? { stepId: envelope.stepId } : {}),
    };
    await requestContext.run(context, async () => {
      try {
        const result: unknown = await lastValueFrom(
          this.transformToObservable(await handler(envelope, new AmqpContext([msg, spec.name, sender]))),
          { defaultValue: undefined },
        );
        if (spec.kind === 'rpc') await this.reply(msg, { ok: true, data: result ?? null });
        if (this.settings.holdBeforeAckMs > 0) await sleep(this.settings.holdBeforeAckMs);
        safely(() => {
          channel.ack(msg);
        });
        this.metrics.messagesConsumed.inc({ type: envelope.type, outcome: 'ok' });
      } catch (error) {
        await this.fail(channel, spec, msg, envelope, error);
      } finally {
        this.metrics.handlerSeconds.observe({ type: envelope.type }, (performance.now() - started) / 1000);
      }
    });
  }

  /** Nest normalises the pattern on every lookup; handlers are fixed once listening, so look each type up once. */
  private handlerFor(type: string): MessageHandler | undefined {
    if (!this.handlers.has(type)) this.handlers.set(type, this.getHandlerByPattern(type) ?? undefined);
    return this.handlers.get(type);
  }

  /** Why this sender may not publish to this queue, or undefined when it may. */
  private refusal(spec: QueueSpec, sender: string | undefined, type: string): string | undefined {
    const rule = spec.senders;
    if (rule === undefined) return undefined;
    if (sender === undefined) return `${type} without a user-id is refused on ${spec.name}`;
    if (rule === 'any-principal') return undefined;
    const app = this.settings.principals.fleetAppOf(sender);
    if (app !== undefined && rule.includes(app)) return undefined;
    return `sender ${sender} may not publish ${type} to ${spec.name}`;
  }

  private async fail(
    channel: Channel,
    spec: QueueSpec,
    msg: ConsumeMessage,
    envelope: Envelope,
    error: unknown,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (spec.kind === 'rpc') {
      if (!(error instanceof DomainError))
        this.logger.error(`rpc ${envelope.type} failed: ${(error as Error).stack ?? message}`);
      const body: RpcReply =
        error instanceof DomainError
          ? { ok: false, error: { code: error.code, message, details: error.details } }
          : { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
      await this.reply(msg, body);
      safely(() => {
        channel.ack(msg);
      });
      this.metrics.messagesConsumed.inc({ type: envelope.type, outcome: 'error' });
      return;
    }
    if (spec.kind === 'broadcast') {
      this.logger.warn(`${envelope.type} ${envelope.id} failed (${message}); broadcasts are not retried`);
      safely(() => {
        channel.ack(msg);
      });
      return;
    }
    const retries = Number(msg.properties.headers?.[RETRY_HEADER] ?? 0);
    if (dispositionOf(error) === 'retry' && retries < this.settings.maxTransientRetries) {
      this.logger.warn(`${envelope.type} ${envelope.id} failed (${message}); retry ${retries + 1} in 1s`);
      await this.forward(channel, msg, '', this.settings.names.retryQueue(spec.name), {
        [RETRY_HEADER]: retries + 1,
      });
      this.metrics.messagesConsumed.inc({ type: envelope.type, outcome: 'retry' });
      return;
    }
    await this.reject(channel, spec, msg, message);
  }

  /** Dead-letters the message with its reason (an RPC caller gets the reason as its reply). */
  private async reject(
    channel: Channel,
    spec: QueueSpec,
    msg: ConsumeMessage,
    reason: string,
    code: ErrorCode = 'VALIDATION_FAILED',
  ): Promise<void> {
    this.logger.warn(`dead-lettering a message from ${spec.name}: ${reason}`);
    this.metrics.messagesConsumed.inc({
      type: String(msg.properties.type ?? 'unknown'),
      outcome: 'dead-lettered',
    });
    if (spec.kind === 'rpc' || spec.kind === 'broadcast') {
      await this.reply(msg, { ok: false, error: { code, message: reason } });
      safely(() => {
        channel.ack(msg);
      });
      return;
    }
    await this.forward(channel, msg, this.settings.names.deadLetterExchange, spec.name, {
      'x-ensemble-reason': reason.slice(0, 2000),
      'x-ensemble-queue': spec.name,
      'x-ensemble-failed-at': new Date().toISOString(),
    });
  }

  /** Publishes a confirmed copy elsewhere, then acks the original; on failure it stays queued. */
  private async forward(
    channel: Channel,
    msg: ConsumeMessage,
    exchange: string,
    routingKey: string,
    headers: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.publisher.publishRaw(exchange, routingKey, msg.content, {
        ...msg.properties,
        headers: {
          ...msg.properties.headers,
          ...headers,
          [SENDER_HEADER]: senderOf(msg, this.settings.username) ?? '',
        },
        persistent: true,
      });
      safely(() => {
        channel.ack(msg);
      });
    } catch (error) {
      this.logger.error(
        `could not forward message to ${exchange || routingKey}: ${(error as Error).message}`,
      );
      safely(() => {
        channel.nack(msg, false, true);
      });
    }
  }

  private async reply(msg: ConsumeMessage, body: RpcReply): Promise<void> {
    const replyTo = msg.properties.replyTo as string | undefined;
    if (!replyTo) return;
    await this.publisher
      .publishRaw('', replyTo, Buffer.from(JSON.stringify(body)), {
        correlationId: msg.properties.correlationId as string,
        contentType: 'application/json',
        persistent: false,
      })
      .catch((error: unknown) => {
        this.logger.warn(`could not reply to ${replyTo}: ${(error as Error).message}`);
      });
  }

  /** Stops taking new messages, lets in-flight handlers finish and ack, then closes the channel. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const channel = this.channel;
    for (const tag of this.consumerTags) await channel?.cancel(tag).catch(() => undefined);
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => {
          this.drained = resolve;
        }),
        sleep(DRAIN_TIMEOUT_MS),
      ]);
    }
    await this.wrapper?.close().catch(() => undefined);
  }

  on(): void {
    throw new Error('EnsembleTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.wrapper as T;
  }
}

/**
 * The principal that published a delivery. RabbitMQ refuses a `user-id` other than the
 * connection's login, so only this process itself can publish with its own name; when it did
 * (a retry or dead-letter copy), the original sender is in SENDER_HEADER.
 */
export function senderOf(msg: Pick<ConsumeMessage, 'properties'>, self: string): string | undefined {
  const userId = msg.properties.userId as unknown;
  if (typeof userId !== 'string' || userId === '') return undefined;
  if (userId !== self) return userId;
  const original = msg.properties.headers?.[SENDER_HEADER] as unknown;
  if (original === undefined) return userId;
  return typeof original === 'string' && original !== '' ? original : undefined;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // The channel closed under us: the broker requeues the message for another delivery.
  }
}
