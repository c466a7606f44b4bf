import type { IncomingMessage } from 'node:http';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import type { BodyLimits } from '../gateway.config';
import { API_PREFIX, pathOf } from './request-info';

/** The limit of the route family a path belongs to (`/api/v1/datasets/…` → `datasets`). */
export function bodyLimitOf(path: string, limits: BodyLimits): number {
  const prefix = `/${API_PREFIX}/`;
  const family = path.startsWith(prefix) ? path.slice(prefix.length).split('/')[0] : undefined;
  return (family === undefined ? undefined : limits.perFamily.get(family)) ?? limits.defaultBytes;
}

export function payloadTooLarge(limit: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `the request body exceeds this route's limit of ${limit} bytes`,
    [{ path: 'body', message: `must be at most ${limit} bytes` }],
  );
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header);
}

/**
 * The gate in front of every route: a declared Content-Length over the route's limit is refused
 * (413) at once, before any credential is checked and before a byte of the body is read.
 * Everything else is read later by `readJsonBody`, once the caller is authenticated.
 */
export function declaredTooLarge(req: IncomingMessage, limits: BodyLimits): DomainError | undefined {
  const limit = bodyLimitOf(pathOf(req), limits);
  const length = declaredLength(req);
  return length !== undefined && length > limit ? payloadTooLarge(limit) : undefined;
}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** A body is coming: a length over zero, or a chunked transfer. */
function hasBody(req: IncomingMessage): boolean {
  const length = declaredLength(req);
  return length === undefined ? req.headers['transfer-encoding'] !== undefined : length > 0;
}

function charsetOf(req: IncomingMessage): string | undefined {
  const match = /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(req.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase();
}

function malformed(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, [{ path: 'body', message }]);
}

/**
 * Reads and parses a JSON body within the route's limit; the limit holds while streaming, so a
 * chunked body without a length cannot exceed it either. Like Express's `json()`: only
 * `application/json` is parsed, only UTF-8, only an object or an array at the top. A body of any
 * other type is refused (415) unread; a request without a body has none.
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  if (!isJson(req)) {
    if (hasBody(req)) throw new UnsupportedMediaTypeException('send the body as application/json');
    return undefined;
  }
  const charset = charsetOf(req);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw malformed(`unsupported charset "${charset}": send UTF-8`);
  const limit = bodyLimitOf(pathOf(req), limits);
  const { chunks, length } = await readWithin(req, limit);
  if (length === 0) return undefined;
  const text = Buffer.concat(chunks, length).toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw malformed('the request body must be a JSON object or array');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed('the request body is not valid JSON');
  }
}

/**
 * The body's bytes, refusing (413) as soon as they pass `limit`; nothing past the limit is kept.
 */
function readWithin(req: IncomingMessage, limit: number): Promise<{ chunks: Buffer[]; length: number }> {
  if (req.readableEnded) return Promise.resolve({ chunks: [], length: 0 });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      // Discard the rest rather than stop reading: a client still sending would otherwise see
      // its connection reset instead of the 413 (Express's body-parser does the same).
      req.resume();
      reject(payloadTooLarge(limit));
    };
    const onEnd = (): void => {
      stop();
      resolve({ chunks, length });
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
