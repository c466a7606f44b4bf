import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { requestContext } from './request-context';

export const CORRELATION_HEADER = 'x-correlation-id';

function correlationFrom(req: IncomingMessage): string {
  const header = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
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
              const id = correlationFrom(req);
              res.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            customProps: (req) => ({ correlationId: req.id }),
            mixin: () => {
              const ctx = requestContext.get();
              if (!ctx) return {};
              const { messageId: _m, ...rest } = ctx;
              return rest;
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          },
        }),
      ],
    };
  }
}
