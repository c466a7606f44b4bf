import { STEP_STATUSES, type StepStatus } from '@ensemble/contracts';
import { step, stepRecord } from '../../../../test/factories/run-unit.factory';
import { defaultOutput, expressionScope, isInFlight, isSettled, readiness } from './run-state';

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

describe('readiness', () => {
  const a = step('a');
  const cont = step('c', { onFailure: 'continue' });
  const byId = new Map([a, cont].map((s) => [s.id, s]));
  const of = (dependsOn: string[], records: Record<string, StepStatus>) =>
    readiness(
      step('x', { dependsOn }),
      byId,
      new Map(Object.entries(records).map(([id, status]) => [id, stepRecord(id, { status })])),
    );

  it('is ready with no dependencies', () => {
    expect(readiness(step('x'), byId, new Map())).toBe('ready');
  });

  it.each([
    ['succeeded', 'ready'],
    ['skipped', 'ready'],
    ['failed', 'blocked'],
    ['cancelled', 'blocked'],
    ['compensating', 'blocked'],
    ['compensated', 'blocked'],
    ['pending', 'waiting'],
    ['dispatched', 'waiting'],
    ['retry_scheduled', 'waiting'],
  ] as const)('a dependency that is %s makes the step %s', (status, verdict) => {
    expect(of(['a'], { a: status })).toBe(verdict);
  });

  it('lets a dependency that failed with onFailure continue through', () => {
    expect(of(['c'], { c: 'failed' })).toBe('ready');
    expect(of(['c'], { c: 'cancelled' })).toBe('blocked');
  });

  it('waits for every dependency, and is blocked by any one that will never complete', () => {
    expect(of(['a', 'c'], { a: 'succeeded', c: 'dispatched' })).toBe('waiting');
    expect(of(['a', 'c'], { a: 'dispatched', c: 'cancelled' })).toBe('blocked');
    expect(of(['a', 'c'], { a: 'succeeded', c: 'skipped' })).toBe('ready');
  });

  it('waits for a dependency with no record yet, and is blocked by one the definition lacks', () => {
    expect(of(['a'], {})).toBe('waiting');
    expect(of(['ghost'], {})).toBe('blocked');
  });
});

describe('expressionScope and defaultOutput', () => {
  const records = new Map([
    ['a', stepRecord('a', { status: 'succeeded', output: 1 })],
    ['b', stepRecord('b', { status: 'failed', output: 'partial' })],
  ]);

  it('shows expressions the run input and every step output and status', () => {
    expect(expressionScope({ x: 1 }, records)).toEqual({
      input: { x: 1 },
      steps: { a: { output: 1, status: 'succeeded' }, b: { output: 'partial', status: 'failed' } },
    });
  });

  it('makes the run output of the succeeded steps only', () => {
    expect(defaultOutput({ name: 'wf', steps: [step('a'), step('b')] }, records)).toEqual({ a: 1 });
  });
});
