import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { CORRELATION_HEADER, pathWithoutQuery } from '@ensemble/observability';

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's correlation id: the one pino-http gave it (from `x-correlation-id` or new). A
 * request that fails before pino-http runs (a body that is not JSON) gets one the same way.
 */
export function correlationIdOf(req: Request): string {
  const holder = req as Request & { id?: unknown };
  if (typeof holder.id === 'string' || typeof holder.id === 'number') return String(holder.id);
  const header = req.headers[CORRELATION_HEADER];
  const id = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  holder.id = id;
  return id;
}

/** The path the client asked for, without the query string. */
export function pathOf(req: Request): string {
  return pathWithoutQuery(req.originalUrl || req.url);
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
