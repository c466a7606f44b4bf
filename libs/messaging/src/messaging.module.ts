import {
  Global,
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MetricsService } from '@ensemble/observability';
import { SchemaGate } from '@ensemble/persistence';
import { BrokerConnection } from './broker-connection';
import { EnsembleTransport } from './ensemble-transport';
import { MESSAGING_SETTINGS } from './messaging.tokens';
import type { MessagingSettings, QueueSpec } from './messaging-settings';
import { OutboxRelay } from './outbox-relay';
import { Publisher } from './publisher';
import { RpcClient } from './rpc-client';
import { StorageMetrics } from './storage-metrics';

export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/** Builds the app's transport with the shared connection; main.ts hands it to Nest. */
@Injectable()
export class TransportFactory {
  constructor(
    private readonly broker: BrokerConnection,
    private readonly publisher: Publisher,
    private readonly metrics: MetricsService,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    @Inject(CONSUMED_QUEUES) private readonly queues: QueueSpec[],
    /** Absent only where no schema backs the app (a bare transport in a test). */
    @Optional() private readonly schema?: SchemaGate,
  ) {}

  create(): EnsembleTransport {
    return new EnsembleTransport(
      this.broker,
      this.publisher,
      this.metrics,
      this.settings,
      this.queues,
      this.schema,
    );
  }
}

/** Starts the relay once the app is up; closes in order (relay, RPC, publisher, connection). */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly rpc: RpcClient,
    private readonly publisher: Publisher,
    private readonly broker: BrokerConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.rpc.close();
    await this.publisher.close();
    await this.broker.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(settings: MessagingSettings, queues: QueueSpec[]): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_SETTINGS, useValue: settings },
        { provide: CONSUMED_QUEUES, useValue: queues },
        BrokerConnection,
        Publisher,
        RpcClient,
        OutboxRelay,
        TransportFactory,
        MessagingLifecycle,
        StorageMetrics,
      ],
      exports: [MESSAGING_SETTINGS, BrokerConnection, Publisher, RpcClient, OutboxRelay, TransportFactory],
    };
  }
}
