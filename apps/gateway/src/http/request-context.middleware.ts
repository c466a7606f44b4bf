import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { requestContext } from '@ensemble/observability';
import { correlationIdOf } from './request-info';

/** Runs the rest of the request inside its context, so every log line carries the correlation id. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
    requestContext.run({ correlationId: correlationIdOf(req) }, next);
  }
}
