import { isMutating } from '../http/request-info';

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who may change workflows, runs, rule sets, decision tables and datasets. */
export const OPERATORS: readonly Role[] = ['admin', 'operator'];
export const ADMINS: readonly Role[] = ['admin'];
export const EVERYONE: readonly Role[] = ROLES;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether `role` may call a route. `allowed` is the route's `@Roles` list; without one a route
 * is readable by every role and writable by admins only, so a forgotten decorator fails closed.
 */
export function mayAccess(role: Role, method: string, allowed: readonly Role[] | undefined): boolean {
  if (allowed) return allowed.includes(role);
  return !isMutating(method) || role === 'admin';
}
