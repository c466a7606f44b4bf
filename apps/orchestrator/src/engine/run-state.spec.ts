import { STEP_STATUSES, type StepStatus } from '@ensemble/contracts';
import { isInFlight, isSettled } from './run-state';

/** Every status is exactly one of: waiting to start, in flight, or settled. */
const EXPECTED: Record<StepStatus, 'waiting' | 'in flight' | 'settled'> = {
  pending: 'waiting',
  dispatched: 'in flight',
  retry_scheduled: 'in flight',
  compensating: 'in flight',
  succeeded: 'settled',
  skipped: 'settled',
  failed: 'settled',
  cancelled: 'settled',
  compensated: 'settled',
};

describe('step status classes', () => {
  it.each(STEP_STATUSES.map((status) => [status, EXPECTED[status]] as const))('%s is %s', (status, kind) => {
    expect(isInFlight(status)).toBe(kind === 'in flight');
    expect(isSettled(status)).toBe(kind === 'settled');
  });
});
