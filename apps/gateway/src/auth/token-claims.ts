import { isUUID } from 'class-validator';
import { isRole, type Role } from './roles';

export const TOKEN_TTL_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'ensemble-gateway';
export const TOKEN_AUDIENCE = 'ensemble-api';

/** What a gateway token says: the key it was minted from, its tenant and its role. */
export interface TokenClaims {
  sub: string;
  tenant: string;
  role: Role;
}

export function isTokenClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const { sub, tenant, role } = value as Record<string, unknown>;
  return typeof sub === 'string' && isUUID(sub) && typeof tenant === 'string' && isRole(role);
}
