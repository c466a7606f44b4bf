import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel, Message } from 'amqplib';
import type { Envelope } from '@ensemble/contracts';
import { MetricsService } from '@ensemble/observability';
import { BrokerConnection } from './broker-connection';
import { MESSAGING_SETTINGS } from './messaging.tokens';
import type { MessagingSettings } from './messaging-settings';
import { assertExchanges, assertWorkQueue } from './topology';

export class UnroutableMessageError extends Error {
  constructor(routingKey: string) {
    super(`no queue is bound for ${routingKey}`);
    this.name = 'UnroutableMessageError';
  }
}

export interface PublishOptions {
  persistent?: boolean;
  replyTo?: string;
  correlationId?: string;
  expirationMs?: number;
  headers?: Record<string, unknown>;
}

const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * Publishes with publisher confirms and `mandatory`, so a resolved promise means the broker has
 * the message in a queue. A message nobody can receive is rejected, never silently dropped.
 */
@Injectable()
export class Publisher implements OnModuleInit {
  private channel: ChannelWrapper | undefined;
  /**
   * Declares the capability queues this process sends tasks to. Not the publishing channel: a
   * setup added to a live ChannelWrapper held that channel's publishes back, and under load the
   * first task to each capability stalled a whole batch of dispatches for 8–12 s
   * (docs/benchmarks.md, 2026-12-07).
   */
  private declarer: ChannelWrapper | undefined;
  private readonly returned = new Set<string>();
  private readonly declaredQueues = new Map<string, Promise<void>>();

  constructor(
    private readonly broker: BrokerConnection,
    private readonly metrics: MetricsService,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
  ) {}

  onModuleInit(): void {
    this.channel = this.broker.channel(
      `${this.settings.service}.publisher`,
      async (channel: ConfirmChannel) => {
        channel.on('return', (msg: Message) => {
          if (typeof msg.properties.messageId === 'string') this.returned.add(msg.properties.messageId);
        });
        await assertExchanges(channel, this.settings.names);
      },
      true,
    );
    this.declarer = this.broker.channel(`${this.settings.service}.declarer`, async () => {
      // Queues are added one at a time by ensureWorkQueue, and re-declared after a reconnect.
    });
  }

  async publish(
    exchange: string,
    routingKey: string,
    envelope: Envelope<object>,
    options: PublishOptions = {},
  ): Promise<void> {
    const channel = this.requireChannel();
    await this.ensureWorkQueue(exchange, routingKey);
    await channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
      messageId: envelope.id,
      type: envelope.type,
      contentType: 'application/json',
      persistent: options.persistent ?? true,
      // Point-to-point messages must reach a queue; events may have no subscriber yet.
      mandatory: exchange === '',
      timestamp: Math.floor(Date.now() / 1000),
      correlationId: options.correlationId ?? envelope.correlationId,
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
      ...(options.expirationMs ? { expiration: String(options.expirationMs) } : {}),
      headers: { 'x-tenant-id': envelope.tenantId, ...options.headers },
      userId: this.settings.username,
      timeout: PUBLISH_TIMEOUT_MS,
    });
    // The broker sends basic.return before the confirm, so a returned id is already recorded.
    if (this.returned.delete(envelope.id)) throw new UnroutableMessageError(routingKey);
    this.metrics.messagesPublished.inc({ type: envelope.type });
  }

  /**
   * Raw publish used for replies and dead-letter or retry copies: confirmed, not mandatory, and
   * stamped with this process's own login (the broker refuses any other `user-id`).
   */
  async publishRaw(
    exchange: string,
    routingKey: string,
    body: Buffer,
    properties: Record<string, unknown>,
  ): Promise<void> {
    await this.requireChannel().publish(exchange, routingKey, body, {
      ...properties,
      userId: this.settings.username,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  /**
   * A task sent to a capability nobody serves yet waits in its queue (until the step times out)
   * rather than bouncing; so the sender declares capability queues too.
   */
  private ensureWorkQueue(exchange: string, routingKey: string): Promise<void> {
    const prefix = this.settings.names.prefix;
    const isTaskQueue = routingKey.startsWith(`${prefix}.cap.`) || routingKey.startsWith(`${prefix}.tcap.`);
    if (exchange !== '' || !isTaskQueue) return Promise.resolve();
    let declared = this.declaredQueues.get(routingKey);
    if (!declared) {
      if (!this.declarer) throw new Error('publisher used before module init');
      declared = this.declarer.addSetup(async (channel: Channel) => {
        await assertWorkQueue(channel, this.settings.names, routingKey, this.settings.deliveryLimit);
      });
      // A failed declaration is tried again by the next task to that queue.
      declared.catch(() => this.declaredQueues.delete(routingKey));
      this.declaredQueues.set(routingKey, declared);
    }
    return declared;
  }

  private requireChannel(): ChannelWrapper {
    if (!this.channel) throw new Error('publisher used before module init');
    return this.channel;
  }

  async close(): Promise<void> {
    await this.declarer?.close().catch(() => undefined);
    await this.channel?.close().catch(() => undefined);
  }
}
