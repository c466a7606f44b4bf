import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { correlationIdOf, isMutating, pathOf } from '../http/request-info';
import { AuditLogWriter } from './audit-log.writer';

/** Status recorded when the client went away before a response was sent (nginx's convention). */
const CLIENT_CLOSED_REQUEST = 499;

/** One audit row per authenticated mutating request, recorded once the exchange ends. */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(private readonly writer: AuditLogWriter) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (isMutating(req.method)) {
      res.once('close', () => {
        const principal = (req as Request & { user?: Principal }).user;
        if (!principal) return;
        this.writer.record({
          tenantId: principal.tenantId,
          actor: principal.keyId,
          role: principal.role,
          method: req.method,
          path: pathOf(req),
          status: res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST,
          correlationId: correlationIdOf(req),
          at: new Date(),
        });
      });
    }
    next();
  }
}
