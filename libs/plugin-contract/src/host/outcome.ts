import { unstorableProblem, type StepErrorPayload } from '@ensemble/contracts';

export type Outcome =
  { outcome: 'succeeded'; output: unknown } | { outcome: 'failed'; error: StepErrorPayload };

export function failed(code: string, message: string, retryable: boolean, details?: unknown): Outcome {
  return {
    outcome: 'failed',
    error: { code, message, retryable, ...(details === undefined ? {} : { details }) },
  };
}

/**
 * An outcome Postgres would reject (a transform that decodes `%00` into a NUL character) fails the
 * step for good; recorded as it is, it would fail its transaction on every redelivery instead.
 */
export function storableOutcome(result: Outcome): Outcome {
  const problem =
    result.outcome === 'succeeded'
      ? unstorableProblem(result.output, 'output')
      : unstorableProblem(result.error, 'error');
  if (!problem) return result;
  return failed('OUTPUT_NOT_STORABLE', `${problem.path} ${problem.message}`, false, { path: problem.path });
}
