import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadConfig } from '@ensemble/config';
import { httpAdapter, RpcClient } from '@ensemble/messaging';
import { HealthModule, MetricsModule } from '@ensemble/observability';
import { ApiModule } from '../api.module';
import { GatewayConfig } from '../gateway.config';
import { configureHttp } from './configure-http';
import { buildOpenApiDocument } from './openapi';

/** Stands in for the database and broker, which building the document never touches. */
@Global()
@Module({
  providers: [
    { provide: RpcClient, useValue: {} },
    { provide: DataSource, useValue: {} },
  ],
  exports: [RpcClient, DataSource],
})
class OfflineInfrastructureModule {}

/** The gateway's routes without the database or the broker: enough to describe them. */
@Module({})
class OfflineGatewayModule {
  static register(config: GatewayConfig) {
    return {
      module: OfflineGatewayModule,
      imports: [
        OfflineInfrastructureModule,
        MetricsModule,
        HealthModule.register([]),
        ApiModule.register(config),
      ],
    };
  }
}

/** A placeholder secret: nothing is signed while building the document. */
const OFFLINE_ENV = { JWT_SECRET: 'offline-document-secret-of-32-chars!' };

/**
 * The gateway's OpenAPI document built without starting the fleet (no Postgres, RabbitMQ or
 * Redis), the same document `GET /api/openapi.json` serves. `onApp` sees the app before routes
 * are registered (to record them).
 */
export async function buildOfflineDocument(
  onApp?: (app: NestFastifyApplication) => void,
): Promise<{ document: OpenAPIObject; close: () => Promise<void> }> {
  const config = loadConfig(GatewayConfig, OFFLINE_ENV);
  const app = await NestFactory.create<NestFastifyApplication>(
    OfflineGatewayModule.register(config),
    httpAdapter(),
    { logger: false, abortOnError: false },
  );
  onApp?.(app);
  configureHttp(app);
  await app.init();
  return { document: buildOpenApiDocument(app), close: () => app.close() };
}
