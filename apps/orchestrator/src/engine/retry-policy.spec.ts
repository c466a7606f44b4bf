import { backoffMs, DEFAULT_RETRY, shouldRetry } from './retry-policy';

const retryable = { code: 'TIMEOUT', retryable: true };

describe('backoffMs', () => {
  it('doubles the initial delay after each failed attempt', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, jitter: false };
    expect([1, 2, 3, 4].map((attempt) => backoffMs(policy, attempt))).toEqual([100, 200, 400, 800]);
  });

  it('waits the same delay every time with fixed backoff', () => {
    const policy = { maxAttempts: 10, backoff: 'fixed' as const, initialDelayMs: 250, jitter: false };
    expect([1, 2, 7].map((attempt) => backoffMs(policy, attempt))).toEqual([250, 250, 250]);
  });

  it('never exceeds maxDelayMs, even after very many attempts', () => {
    const policy = { maxAttempts: 100, initialDelayMs: 1000, maxDelayMs: 5000, jitter: false };
    expect(backoffMs(policy, 3)).toBe(4000);
    expect(backoffMs(policy, 4)).toBe(5000);
    expect(backoffMs(policy, 2000)).toBe(5000);
  });

  it('spreads a jittered delay over [delay/2, delay] as whole milliseconds', () => {
    const policy = { maxAttempts: 5, initialDelayMs: 1001, maxDelayMs: 100_000, jitter: true };
    expect(backoffMs(policy, 1, () => 0)).toBe(501);
    expect(backoffMs(policy, 1, () => 0.5)).toBe(751);
    expect(backoffMs(policy, 1, () => 0.999999)).toBe(1001);
    expect(backoffMs(policy, 2, () => 0)).toBe(1001);
  });

  it('falls back to the defaults field by field', () => {
    expect(backoffMs(undefined, 1, () => 1)).toBe(DEFAULT_RETRY.initialDelayMs);
    expect(backoffMs(undefined, 1, () => 0)).toBe(500);
    expect(backoffMs({ maxAttempts: 2, jitter: false }, 2)).toBe(2000);
    expect(backoffMs({ maxAttempts: 2, jitter: false }, 30)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('treats an attempt below 1 as the first', () => {
    expect(backoffMs({ maxAttempts: 3, jitter: false }, 0)).toBe(1000);
  });
});

describe('shouldRetry', () => {
  it('retries a retryable failure while attempts remain', () => {
    expect(shouldRetry({ maxAttempts: 3 }, 1, retryable)).toBe(true);
    expect(shouldRetry({ maxAttempts: 3 }, 2, retryable)).toBe(true);
    expect(shouldRetry({ maxAttempts: 3 }, 3, retryable)).toBe(false);
  });

  it('never retries a failure the agent marked non-retryable', () => {
    expect(shouldRetry({ maxAttempts: 5 }, 1, { code: 'TIMEOUT', retryable: false })).toBe(false);
  });

  it('never retries an error code the policy lists as non-retryable', () => {
    const policy = { maxAttempts: 5, nonRetryableErrors: ['TIMEOUT'] };
    expect(shouldRetry(policy, 1, retryable)).toBe(false);
    expect(shouldRetry(policy, 1, { code: 'UNAVAILABLE', retryable: true })).toBe(true);
  });

  it('allows three attempts when no policy is given', () => {
    expect(shouldRetry(undefined, 2, retryable)).toBe(true);
    expect(shouldRetry(undefined, 3, retryable)).toBe(false);
  });
});
