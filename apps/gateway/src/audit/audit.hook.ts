import { Injectable } from '@nestjs/common';
import { correlationIdOf, isMutating, pathOf, type HttpReply, type HttpRequest } from '../http/request-info';
import { AuditLogWriter } from './audit-log.writer';

/** Status recorded when the client went away before a response was sent (nginx's convention). */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * One audit row per authenticated mutating request, recorded once the exchange ends (installed
 * as an `onRequest` hook, so it sees requests that fail in any guard too).
 */
@Injectable()
export class AuditHook {
  constructor(private readonly writer: AuditLogWriter) {}

  observe(req: HttpRequest, reply: HttpReply): void {
    if (!isMutating(req.method)) return;
    reply.raw.once('close', () => {
      const principal = req.user;
      if (!principal) return;
      this.writer.record({
        tenantId: principal.tenantId,
        actor: principal.keyId,
        role: principal.role,
        method: req.method,
        path: pathOf(req),
        status: reply.raw.headersSent ? reply.raw.statusCode : CLIENT_CLOSED_REQUEST,
        correlationId: correlationIdOf(req),
        at: new Date(),
      });
    });
  }
}
