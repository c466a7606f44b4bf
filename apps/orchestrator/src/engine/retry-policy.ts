import type { RetryPolicy } from '@ensemble/contracts';

type ResolvedRetry = Required<Omit<RetryPolicy, 'nonRetryableErrors'>> & { nonRetryableErrors: string[] };

export const DEFAULT_RETRY: ResolvedRetry = Object.freeze({
  maxAttempts: 3,
  backoff: 'exponential',
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: true,
  nonRetryableErrors: [],
});

function resolve(policy: RetryPolicy | undefined): ResolvedRetry {
  return {
    maxAttempts: policy?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    backoff: policy?.backoff ?? DEFAULT_RETRY.backoff,
    initialDelayMs: policy?.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs,
    maxDelayMs: policy?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    jitter: policy?.jitter ?? DEFAULT_RETRY.jitter,
    nonRetryableErrors: policy?.nonRetryableErrors ?? DEFAULT_RETRY.nonRetryableErrors,
  };
}

/** Milliseconds to wait before attempt `attempt + 1`, after attempt `attempt` (from 1) failed. */
export function backoffMs(
  policy: RetryPolicy | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  const p = resolve(policy);
  const failed = Math.max(1, Math.floor(attempt));
  const uncapped = p.backoff === 'fixed' ? p.initialDelayMs : p.initialDelayMs * 2 ** (failed - 1);
  const delay = Math.max(0, Math.min(uncapped, p.maxDelayMs));
  if (!p.jitter) return Math.round(delay);
  const spread = Math.min(1, Math.max(0, random()));
  return Math.round(delay / 2 + (spread * delay) / 2);
}

export function shouldRetry(
  policy: RetryPolicy | undefined,
  attempt: number,
  error: { code: string; retryable: boolean },
): boolean {
  const p = resolve(policy);
  if (!error.retryable) return false;
  if (p.nonRetryableErrors.includes(error.code)) return false;
  return attempt < p.maxAttempts;
}
