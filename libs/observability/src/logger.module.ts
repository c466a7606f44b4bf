import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { requestContext } from './request-context';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The path alone: query strings carry tenant data (names, filters, cursors) and never reach logs. */
export function pathWithoutQuery(url: string | undefined): string {
  const text = url ?? '';
  const query = text.indexOf('?');
  return query === -1 ? text : text.slice(0, query);
}

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
}

/** What a request log line says of the request: no query string, no headers, no body. */
export function requestForLog(req: SerializedRequest): SerializedRequest {
  return { id: req.id, method: req.method, url: pathWithoutQuery(req.url), remoteAddress: req.remoteAddress };
}

/** The status alone: the response headers (CSP, HSTS, …) are the same on every line. */
export function responseForLog(res: { statusCode?: number }): { statusCode?: number } {
  return { statusCode: res.statusCode };
}

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's correlation id: the client's `x-correlation-id` when it is well formed, a new one
 * otherwise. Computed once and kept on the raw request, so the HTTP framework (its request id)
 * and pino-http (the log lines and the response header) agree on it.
 */
export function correlationIdOfRaw(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { id?: unknown };
  if (typeof holder.id === 'string') return holder.id;
  const header = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  const id = value && CORRELATION_ID.test(value) ? value : randomUUID();
  holder.id = id;
  return id;
}

/**
 * Health probes and metrics scrapes are not logged. Under Fastify, Nest middleware sees the URL
 * with its mount path stripped (`/ready`); `originalUrl` is what the client asked for.
 */
export function isProbe(req: IncomingMessage): boolean {
  const path = pathWithoutQuery((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url);
  return path.startsWith('/health/') || path === '/metrics';
}

/** JSON logs with the app name and the correlation id (and run/step ids when known) on every line. */
@Module({})
export class EnsembleLoggerModule {
  static forApp(app: string, level: string): DynamicModule {
    return {
      module: EnsembleLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            base: { app },
            genReqId: (req, res) => {
              const id = correlationIdOfRaw(req);
              res.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            // The correlation id comes from the request context (mixin), as on every other line;
            // binding it again per request cost a child logger and a stringify (4 % of the gateway).
            mixin: () => {
              const ctx = requestContext.get();
              if (!ctx) return {};
              const { messageId: _m, ...rest } = ctx;
              return rest;
            },
            autoLogging: { ignore: (req) => isProbe(req) },
            serializers: { req: requestForLog, res: responseForLog },
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          },
        }),
      ],
    };
  }
}
