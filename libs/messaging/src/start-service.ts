import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { TransportFactory } from './messaging.module';

export interface ServiceOptions {
  service: string;
  port: number;
  /** Extra HTTP setup (the gateway's prefix, pipes, OpenAPI). */
  configureHttp?: (app: INestApplication) => void;
}

/**
 * Boots one fleet app: JSON logs, the RabbitMQ transport for its handlers, HTTP for health,
 * metrics (and, for the gateway, the API), and graceful shutdown on SIGTERM/SIGINT.
 */
export async function startService(
  rootModule: DynamicModule,
  options: ServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  options.configureHttp?.(app);
  app.connectMicroservice({ strategy: app.get(TransportFactory).create() });
  await app.startAllMicroservices();
  await app.listen(options.port, '0.0.0.0');
  const server = app.getHttpServer() as import('node:http').Server;
  const address = server.address() as { port: number } | null;
  logger.log(`${options.service} ready on http://127.0.0.1:${address?.port ?? options.port}`, 'Bootstrap');
  return app;
}
