import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
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

function declaredLength(req: Request): number | undefined {
  const header = req.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header);
}

/**
 * Stands in for Nest's body parsers, which would read every body, up to the largest limit, before
 * any credential is checked. A declared Content-Length over the route's limit is refused (413) at
 * once, before authentication; everything else is parsed by parseJsonBody after it.
 */
export function bodySizeGates(limits: BodyLimits): RequestHandler[] {
  // Nest adds its own parsers only when no middleware carries these names.
  const jsonParser = (req: Request, _res: Response, next: NextFunction): void => {
    const limit = bodyLimitOf(pathOf(req), limits);
    const length = declaredLength(req);
    next(length !== undefined && length > limit ? payloadTooLarge(limit) : undefined);
  };
  const urlencodedParser = (_req: Request, _res: Response, next: NextFunction): void => {
    next();
  };
  return [jsonParser, urlencodedParser];
}

/** Parses a JSON body within the route's limit; the limit is enforced while streaming. */
export class JsonBodyParser {
  private readonly parsers = new Map<number, RequestHandler>();

  constructor(private readonly limits: BodyLimits) {}

  async parse(req: Request, res: Response): Promise<void> {
    const limit = bodyLimitOf(pathOf(req), this.limits);
    const parser = this.parserFor(limit);
    await new Promise<void>((resolve, reject) => {
      void parser(req, res, (error?: unknown) => {
        if (error === undefined) resolve();
        else reject(isTooLarge(error) ? payloadTooLarge(limit) : (error as Error));
      });
    });
  }

  private parserFor(limit: number): RequestHandler {
    let parser = this.parsers.get(limit);
    if (!parser) {
      parser = json({ limit });
      this.parsers.set(limit, parser);
    }
    return parser;
  }
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 413;
}
