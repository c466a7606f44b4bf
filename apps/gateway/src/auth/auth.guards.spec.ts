import type { ExecutionContext } from '@nestjs/common';
import passport from 'passport';
import { Strategy } from 'passport-custom';
import { DomainError } from '@ensemble/contracts';
import { requestContext } from '@ensemble/observability';
import type { GatewayConfig } from '../gateway.config';
import { AuthFailureLimiter, authFailureBuckets } from '../rate-limit/auth-failure-limiter';
import { TokenBuckets } from '../rate-limit/token-bucket';
import { API_KEY_STRATEGY } from './api-key.strategy';
import { ApiAuthGuard, ApiKeyOnlyGuard } from './auth.guards';
import { JWT_STRATEGY } from './jwt.strategy';
import type { Principal } from './principal';

const principal = (via: Principal['via']): Principal => ({
  keyId: 'k',
  tenantId: 'acme',
  role: 'viewer',
  via,
});

const limiter = (burst = 1000): AuthFailureLimiter =>
  new AuthFailureLimiter(
    new TokenBuckets(
      authFailureBuckets({ AUTH_FAILURE_BURST: burst, AUTH_FAILURE_REFILL_SECONDS: 60 } as GatewayConfig),
    ),
  );
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

  it('lets an API key through', async () => {
    await expect(new ApiKeyOnlyGuard(limiter()).canActivate(contextFor(principal('api-key')))).resolves.toBe(
      true,
    );
  });

  it('refuses a token minted from a key', async () => {
    await expect(new ApiKeyOnlyGuard(limiter()).canActivate(contextFor(principal('jwt')))).rejects.toThrow(
      'this route takes an API key, not a token',
    );
  });

  it('counts each refusal as a failed authentication', async () => {
    const guard = new ApiKeyOnlyGuard(limiter(1));
    await expect(guard.canActivate(contextFor(principal('jwt')))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(guard.canActivate(contextFor(principal('jwt')))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

describe('ApiAuthGuard.canActivate', () => {
  // Stand-ins for the two strategies: only the header `x-api-key: good` is a caller.
  beforeAll(() => {
    passport.use(
      API_KEY_STRATEGY,
      new Strategy((req, done) => {
        done(null, req.headers['x-api-key'] === 'good' ? principal('api-key') : false);
      }),
    );
    passport.use(
      JWT_STRATEGY,
      new Strategy((_req, done) => {
        done(null, false);
      }),
    );
  });
  afterAll(() => {
    passport.unuse(API_KEY_STRATEGY);
    passport.unuse(JWT_STRATEGY);
  });

  const contextWith = (apiKey: string): ExecutionContext =>
    ({
      switchToHttp: () => ({
        getRequest: () => ({ ip: '192.0.2.1', headers: { 'x-api-key': apiKey } }),
        getResponse: () => ({}),
      }),
    }) as unknown as ExecutionContext;

  it('counts a request no strategy accepts, and answers RATE_LIMITED past the burst', async () => {
    const guard = new ApiAuthGuard(limiter(2));
    for (let i = 0; i < 2; i += 1)
      await expect(guard.canActivate(contextWith('bad'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    await expect(guard.canActivate(contextWith('bad'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 60,
    });
    await expect(guard.canActivate(contextWith('good'))).resolves.toBe(true);
  });
});
