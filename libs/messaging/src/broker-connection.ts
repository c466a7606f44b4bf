import { Inject, Injectable, Logger } from '@nestjs/common';
import amqp, {
  type AmqpConnectionManager,
  type ChannelWrapper,
  type SetupFunc,
} from 'amqp-connection-manager';
import type { Writable } from 'node:stream';
import type { ReadinessProbe } from '@ensemble/observability';
import { coalesceWrites } from './coalesce-writes';
import { MESSAGING_SETTINGS } from './messaging.tokens';
import type { MessagingSettings } from './messaging-settings';

/** One AMQP connection per process, re-established with backoff after a broker restart. */
@Injectable()
export class BrokerConnection implements ReadinessProbe {
  readonly name = 'broker';
  private readonly logger = new Logger(BrokerConnection.name);
  private manager: AmqpConnectionManager | undefined;

  constructor(@Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings) {}

  private get connection(): AmqpConnectionManager {
    if (!this.manager) {
      this.manager = amqp.connect([this.settings.url], {
        heartbeatIntervalInSeconds: 5,
        reconnectTimeInSeconds: 1,
        connectionOptions: {
          noDelay: true,
          clientProperties: { connection_name: this.settings.service },
        } as never,
      });
      this.manager.on('connect', ({ connection }: { connection: unknown }) => {
        coalesceWrites((connection as { connection: { stream: Writable } }).connection.stream);
        this.logger.log('broker connected');
      });
      this.manager.on('disconnect', ({ err }: { err?: Error }) => {
        this.logger.warn(`broker disconnected: ${err?.message ?? 'closed'}`);
      });
      this.manager.on('connectFailed', ({ err }: { err?: Error }) => {
        this.logger.warn(`broker connect failed: ${err?.message ?? 'unknown'}`);
      });
    }
    return this.manager;
  }

  /** Called each time the connection drops (before it is re-established). */
  onDisconnect(listener: () => void): void {
    this.connection.on('disconnect', listener);
  }

  /**
   * A channel that is re-created (and `setup` re-run) after every reconnect. Its errors (a
   * channel closed by the broker, "Channel ended" after missed heartbeats) are logged here: an
   * EventEmitter 'error' without a listener would kill the process.
   */
  channel(name: string, setup: SetupFunc, confirm = false): ChannelWrapper {
    const wrapper = this.connection.createChannel({ name, setup, confirm, json: false });
    wrapper.on('error', (error: Error) => {
      this.logger.warn(`channel ${name}: ${error.message}; it is re-established with the connection`);
    });
    return wrapper;
  }

  isReady(): Promise<boolean> {
    return Promise.resolve(this.manager?.isConnected() ?? false);
  }

  async close(): Promise<void> {
    const manager = this.manager;
    this.manager = undefined;
    if (manager) await manager.close().catch(() => undefined);
  }
}
