import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { RetryLaterError } from '../problems/problem-document';
import { RateLimitGuard } from './rate-limit.guard';
import { TokenBuckets } from './token-bucket';

async function call(
  guard: RateLimitGuard,
  keyId: string,
): Promise<{ allowed: boolean; headers: Record<string, string> }> {
  const user: Principal = { keyId, tenantId: 't', role: 'viewer', via: 'api-key' };
  const headers: Record<string, string> = {};
  const response = { header: (name: string, value: string) => (headers[name] = value) };
  const context = {
    switchToHttp: () => ({ getRequest: () => ({ user }), getResponse: () => response }),
  } as unknown as ExecutionContext;
  return { allowed: await guard.canActivate(context), headers };
}

describe('RateLimitGuard', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const guard = (): RateLimitGuard =>
    new RateLimitGuard(new TokenBuckets({ ratePerSecond: 1, burst: 2, maxBuckets: 10 }));

  it('refuses a key past its burst with RATE_LIMITED and the seconds to wait', async () => {
    const limited = guard();
    expect((await call(limited, 'k')).headers).toEqual({ 'RateLimit-Remaining': '1' });
    expect((await call(limited, 'k')).headers).toEqual({ 'RateLimit-Remaining': '0' });

    await expect(call(limited, 'k')).rejects.toThrow(RetryLaterError);
    await expect(call(limited, 'k')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: 'too many requests for this API key',
      retryAfterSeconds: 1,
    });
  });

  it('refills by wall-clock milliseconds, not faster', async () => {
    const limited = guard();
    await call(limited, 'k');
    await call(limited, 'k');

    jest.advanceTimersByTime(20);
    await expect(call(limited, 'k')).rejects.toThrow(RetryLaterError);

    jest.advanceTimersByTime(1000);
    expect((await call(limited, 'k')).allowed).toBe(true);
  });

  it('keeps another key unaffected', async () => {
    const limited = guard();
    await call(limited, 'k');
    await call(limited, 'k');

    expect((await call(limited, 'other')).allowed).toBe(true);
  });
});
