import type { ExecutionContext } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { requestContext } from '@ensemble/observability';
import type { GatewayConfig } from '../gateway.config';
import { AuthFailureLimiter } from '../rate-limit/auth-failure-limiter';
import { ApiAuthGuard, ApiKeyOnlyGuard } from './auth.guards';
import type { Principal } from './principal';

const principal = (via: Principal['via']): Principal => ({
  keyId: 'k',
  tenantId: 'acme',
  role: 'viewer',
  via,
});

const limiter = (): AuthFailureLimiter =>
  new AuthFailureLimiter({ AUTH_FAILURE_BURST: 1000, AUTH_FAILURE_REFILL_SECONDS: 1 } as GatewayConfig);
const http = {
  switchToHttp: () => ({ getRequest: () => ({ ip: '192.0.2.1' }) }),
} as unknown as ExecutionContext;

describe('ApiAuthGuard.handleRequest', () => {
  const guard = new ApiAuthGuard(limiter());

  it('returns the principal and puts its tenant into the request context', () => {
    const context = { correlationId: 'c' } as { correlationId: string; tenantId?: string };
    const user = principal('api-key');

    const result = requestContext.run(context, () => guard.handleRequest(null, user, undefined, http));

    expect(result).toBe(user);
    expect(context.tenantId).toBe('acme');
  });

  it('returns the principal outside any request context', () => {
    expect(guard.handleRequest(null, principal('jwt'), undefined, http)).toEqual(principal('jwt'));
  });

  it('answers UNAUTHENTICATED when no strategy found a caller', () => {
    for (const user of [false, undefined, null]) {
      expect(() => guard.handleRequest(null, user, undefined, http)).toThrow(
        expect.objectContaining({
          code: 'UNAUTHENTICATED',
          message: 'send a valid API key (x-api-key or Authorization: Bearer) or a bearer token',
        }) as DomainError,
      );
    }
  });

  it('rethrows a strategy error, and refuses a non-error failure', () => {
    const error = new DomainError('UNAUTHENTICATED', 'bad token');
    expect(() => guard.handleRequest(error, principal('jwt'), undefined, http)).toThrow(error);
    expect(() => guard.handleRequest('odd', principal('jwt'), undefined, http)).toThrow(
      'authentication failed',
    );
  });
});

describe('ApiKeyOnlyGuard', () => {
  const contextFor = (user: Principal): ExecutionContext =>
    ({
      switchToHttp: () => ({ getRequest: () => ({ user, ip: '192.0.2.1' }) }),
    }) as unknown as ExecutionContext;

  it('lets an API key through', () => {
    expect(new ApiKeyOnlyGuard(limiter()).canActivate(contextFor(principal('api-key')))).toBe(true);
  });

  it('refuses a token minted from a key', () => {
    expect(() => new ApiKeyOnlyGuard(limiter()).canActivate(contextFor(principal('jwt')))).toThrow(
      'this route takes an API key, not a token',
    );
  });
});
