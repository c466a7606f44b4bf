import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Histogram } from 'prom-client';
import { MetricsService } from '@ensemble/observability';
import {
  createEnvelope,
  DomainError,
  isErrorCode,
  RPC_OWNERS,
  type EnvelopeOrigin,
  type RpcReplyOf,
  type RpcRequestOf,
  type RpcType,
  type RpcReply,
  type RpcService,
} from '@ensemble/contracts';
import { BrokerConnection } from './broker-connection';
import { MESSAGING_SETTINGS } from './messaging.tokens';
import type { MessagingSettings } from './messaging-settings';
import { Publisher, UnroutableMessageError } from './publisher';

interface Pending {
  resolve: (reply: RpcReply) => void;
  timer: NodeJS.Timeout;
}

/**
 * Short request/response over RabbitMQ for reads and quick commands. Always bounded: a missing
 * service fails fast as UPSTREAM_UNAVAILABLE, a slow one as UPSTREAM_TIMEOUT; never a hang.
 */
@Injectable()
export class RpcClient implements OnModuleInit {
  private readonly logger = new Logger(RpcClient.name);
  private readonly pending = new Map<string, Pending>();
  private replyQueue: string | undefined;
  private readonly waiters: ((queue: string) => void)[] = [];
  private channel: ChannelWrapper | undefined;
  private readonly duration: Histogram<'type' | 'outcome'>;

  constructor(
    private readonly broker: BrokerConnection,
    private readonly publisher: Publisher,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    metrics: MetricsService,
  ) {
    this.duration = new Histogram({
      name: 'ensemble_rpc_duration_seconds',
      help: 'RPC requests from send to reply, by message type and outcome (ok or the error code)',
      labelNames: ['type', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    this.channel = this.broker.channel(`${this.settings.service}.rpc-replies`, async (channel: Channel) => {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await channel.consume(queue, (msg) => {
        this.onReply(channel, msg);
      });
      this.replyQueue = queue;
      for (const waiter of this.waiters.splice(0)) waiter(queue);
    });
    // The exclusive reply queue dies with the connection; until the new one exists, requests wait.
    this.broker.onDisconnect(() => {
      this.replyQueue = undefined;
    });
  }

  /** The current reply queue, waiting up to `timeoutMs` while the broker reconnects. */
  private async currentReplyQueue(timeoutMs: number): Promise<string | undefined> {
    if (this.replyQueue) return this.replyQueue;
    return new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push((queue) => {
        clearTimeout(timer);
        resolve(queue);
      });
    });
  }

  /**
   * Calls the RPC `type` on the service that owns it, with the request and reply types of its
   * contract (`RpcContracts`): a DomainError with the upstream's code when it answers with one.
   */
  call<T extends RpcType>(type: T, request: RpcRequestOf<T>, origin: EnvelopeOrigin): Promise<RpcReplyOf<T>> {
    return this.request<RpcReplyOf<T>>(RPC_OWNERS[type], type, request, origin);
  }

  /** An RPC by service and type without its contract's types: for tests that send what no contract allows. */
  async request<T>(service: RpcService, type: string, payload: object, origin: EnvelopeOrigin): Promise<T> {
    const started = performance.now();
    const reply = await this.send(service, type, payload, origin);
    this.duration.observe(
      { type, outcome: reply.ok ? 'ok' : reply.error.code },
      (performance.now() - started) / 1000,
    );
    if (reply.ok) return reply.data as T;
    throw new DomainError(reply.error.code, reply.error.message, reply.error.details);
  }

  private async send(
    service: RpcService,
    type: string,
    payload: object,
    origin: EnvelopeOrigin,
  ): Promise<RpcReply> {
    const timeoutMs = this.settings.rpcTimeoutMs;
    const replyTo = await this.currentReplyQueue(timeoutMs);
    if (!replyTo) return unavailable('the message broker is not reachable');
    const envelope = createEnvelope(type, payload, origin);
    const correlationId = randomUUID();
    const reply = new Promise<RpcReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        resolve({
          ok: false,
          error: { code: 'UPSTREAM_TIMEOUT', message: `${service} did not answer within ${timeoutMs} ms` },
        });
      }, timeoutMs);
      this.pending.set(correlationId, { resolve, timer });
    });
    try {
      await this.publisher.publish('', this.settings.names.rpcQueue(service), envelope, {
        persistent: false,
        replyTo,
        correlationId,
        expirationMs: timeoutMs,
      });
    } catch (error) {
      this.settle(
        correlationId,
        unavailable(
          error instanceof UnroutableMessageError ? `${service} is not running` : (error as Error).message,
        ),
      );
    }
    return reply;
  }

  private onReply(channel: Channel, msg: ConsumeMessage | null): void {
    if (!msg) return;
    channel.ack(msg);
    const id = msg.properties.correlationId as string | undefined;
    if (!id) return;
    try {
      this.settle(id, parseReply(msg.content));
    } catch (error) {
      this.logger.warn(`discarding malformed RPC reply: ${(error as Error).message}`);
      this.settle(id, { ok: false, error: { code: 'INTERNAL', message: 'malformed reply from upstream' } });
    }
  }

  private settle(id: string, reply: RpcReply): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.resolve(reply);
  }

  async close(): Promise<void> {
    for (const [id] of this.pending) this.settle(id, unavailable('shutting down'));
    await this.channel?.close().catch(() => undefined);
  }
}

function unavailable(message: string): RpcReply {
  return { ok: false, error: { code: 'UPSTREAM_UNAVAILABLE', message } };
}

function parseReply(content: Buffer): RpcReply {
  const body = JSON.parse(content.toString()) as {
    ok?: unknown;
    data?: unknown;
    error?: { code?: unknown; message?: unknown; details?: unknown };
  };
  if (body.ok === true) return { ok: true, data: body.data };
  const code = body.error?.code;
  return {
    ok: false,
    error: {
      code: isErrorCode(code) ? code : 'INTERNAL',
      message: typeof body.error?.message === 'string' ? body.error.message : 'upstream error',
      details: body.error?.details,
    },
  };
}
