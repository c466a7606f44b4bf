import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '@ensemble/observability';
import { correlationIdOf } from './request-info';

/** Runs the rest of the request inside its context, so every log line carries the correlation id. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    requestContext.run({ correlationId: correlationIdOf(req) }, next);
  }
}
