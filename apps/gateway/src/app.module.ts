import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@ensemble/messaging';
import { ApiModule } from './api.module';
import type { GatewayConfig } from './gateway.config';
import { migrations } from './migrations';

export const SERVICE = 'gateway';
export const SCHEMA = 'gateway';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE,
          schema: SCHEMA,
          config,
          entities: [],
          migrations,
          queues: [],
        }),
        ApiModule.register(config),
      ],
    };
  }
}
