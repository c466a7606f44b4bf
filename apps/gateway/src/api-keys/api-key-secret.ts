import { createHash, randomBytes } from 'node:crypto';

/** Generated keys start with this, so a leaked one is easy to recognise (and to scan for). */
export const API_KEY_PREFIX = 'ens_';
export const DISPLAY_PREFIX_LENGTH = 8;

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Keys are stored only as this hash; a key has 256 random bits, so no salt or slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key shown in listings, enough to tell keys apart. */
export function displayPrefixOf(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

export type Credential = { kind: 'api-key'; key: string } | { kind: 'jwt'; token: string };

/**
 * The credential a request carries: `x-api-key`, or `Authorization: Bearer <key or JWT>`. Keys
 * never contain dots, so a bearer value shaped like a JWT is a token.
 */
export function credentialOf(headers: Record<string, string | string[] | undefined>): Credential | undefined {
  const apiKey = single(headers['x-api-key']);
  if (apiKey) return { kind: 'api-key', key: apiKey };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  const value = match?.[1];
  if (!value) return undefined;
  return JWT_SHAPE.test(value) ? { kind: 'jwt', token: value } : { kind: 'api-key', key: value };
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}
