import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export type EnsembleClient = Client<paths>;

export interface EnsembleClientOptions {
  /** The gateway's origin, e.g. http://127.0.0.1:3000 (paths start with /api/v1). */
  baseUrl: string;
  /** Sent as `x-api-key` on every request. */
  apiKey: string;
  /** A fetch to use instead of the global one (e.g. one that records responses). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed client of the gateway, generated from its OpenAPI document (libs/client/openapi.json,
 * `npm run client:generate`): every path, parameter, body and response is typed, errors as the
 * Problem schema.
 */
export function createEnsembleClient(options: EnsembleClientOptions): EnsembleClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { 'x-api-key': options.apiKey },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
