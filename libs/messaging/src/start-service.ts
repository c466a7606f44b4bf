import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { correlationIdOfRaw } from '@ensemble/observability';
import { TransportFactory } from './messaging.module';

export interface ServiceOptions {
  service: string;
  port: number;
  /** Extra HTTP setup (the gateway's prefix, pipes, OpenAPI); runs before the app listens. */
  configureHttp?: (app: NestFastifyApplication) => void | Promise<void>;
  /** How to answer the errors Fastify's router raises before any route runs (a malformed URL). */
  frameworkErrors?: FastifyServerOptions['frameworkErrors'];
}

/**
 * The HTTP server of every fleet app: Fastify (its router and reply path cost a fraction of
 * Express's, see docs/benchmarks.md). Its request id is the correlation id, so `request.id`,
 * the log lines and the `x-correlation-id` response header agree. Fastify logs nothing itself;
 * pino-http does. Trailing slashes match as they did under Express; a path parameter may be up
 * to 1,024 characters (Fastify's default, 100, would turn an overlong id into a 404, not a 400).
 */
export function httpAdapter(frameworkErrors?: FastifyServerOptions['frameworkErrors']): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: (req: IncomingMessage) => correlationIdOfRaw(req),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    frameworkErrors,
  });
}

/**
 * Boots one fleet app: JSON logs, the RabbitMQ transport for its handlers, HTTP for health,
 * metrics (and, for the gateway, the API), and graceful shutdown on SIGTERM/SIGINT.
 */
export async function startService(
  rootModule: DynamicModule,
  options: ServiceOptions,
): Promise<INestApplication> {
  // No body parser from Nest: the gateway reads bodies itself, after authentication.
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    httpAdapter(options.frameworkErrors),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await options.configureHttp?.(app);
  app.connectMicroservice({ strategy: app.get(TransportFactory).create() });
  await app.startAllMicroservices();
  await app.listen(options.port, '0.0.0.0');
  const server = app.getHttpServer();
  const address = server.address() as { port: number } | null;
  logger.log(`${options.service} ready on http://127.0.0.1:${address?.port ?? options.port}`, 'Bootstrap');
  return app;
}
