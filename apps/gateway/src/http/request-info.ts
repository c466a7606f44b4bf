import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { correlationIdOfRaw, pathWithoutQuery } from '@ensemble/observability';
import type { Principal } from '../auth/principal';

/** A request as guards, filters and handlers see it; `user` is set by the authentication guard. */
export type HttpRequest = FastifyRequest & { user?: Principal };
export type HttpReply = FastifyReply;

function rawOf(req: HttpRequest | IncomingMessage): IncomingMessage {
  return 'raw' in req ? req.raw : req;
}

/**
 * The request's correlation id: the one the HTTP server gave it on arrival (from a well-formed
 * `x-correlation-id`, or new), which is also pino-http's and the response header's.
 */
export function correlationIdOf(req: HttpRequest | IncomingMessage): string {
  return correlationIdOfRaw(rawOf(req));
}

/** The path the client asked for, without the query string (before any prefix rewriting). */
export function pathOf(req: HttpRequest | IncomingMessage): string {
  const raw = rawOf(req);
  return pathWithoutQuery((raw as IncomingMessage & { originalUrl?: string }).originalUrl ?? raw.url);
}

export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return MUTATING_METHODS.has(method.toUpperCase());
}

/** Every public route lives under this prefix (health and metrics do not). */
export const API_PREFIX = 'api/v1';

export function apiPath(path: string): string {
  return `/${API_PREFIX}/${path}`;
}
