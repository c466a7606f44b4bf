import type { AgentGrant } from '../principals/entitlement';
import {
  DATA_AGENT,
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
  stepResult,
  TEST_PREFIX,
} from '../../../../test/factories/run-unit.factory';

const { results } = engineFixture();
const noGrants = new Map<string, AgentGrant>();
const dispatched = { status: 'dispatched' as const, attempt: 1, taskId: 'task-1' };

describe('ResultApplier.apply', () => {
  it('succeeds the step with its output, clears its timers and dispatches its dependents', async () => {
    const unit = runUnit([step('a', { timeoutMs: 1000 }), step('b', { dependsOn: ['a'] })], {
      a: dispatched,
    });

    await results.apply(unit, stepResult(unit, 'a', { output: { n: 1 } }), 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'succeeded', output: { n: 1 }, error: null });
    expect(unit.clearedTimers.has('a')).toBe(true);
    expect(dispatchedSteps(unit)).toEqual(['b']);
    expect(eventTypes(unit)).toEqual(['step.succeeded', 'step.dispatched']);
    expect(unit.events[0]?.data).toMatchObject({ taskId: 'task-1', attempt: 1, durationMs: 5 });
  });

  it('stores null, not undefined, for a success without output', async () => {
    const unit = runUnit([step('a')], { a: dispatched });

    await results.apply(unit, stepResult(unit, 'a', { output: undefined }), 'cause');

    expect(unit.step('a').output).toBeNull();
  });

  it('completes the run when the last step succeeds', async () => {
    const unit = runUnit([step('a'), step('b')], { a: { status: 'succeeded', output: 1 }, b: dispatched });

    await results.apply(unit, stepResult(unit, 'b', { output: 2 }), 'cause');

    expect(unit.run).toMatchObject({ status: 'succeeded', output: { a: 1, b: 2 } });
  });

  it('schedules a retry for a retryable failure while attempts remain', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 2, jitter: false, initialDelayMs: 300 } })], {
      a: dispatched,
    });
    const error = { code: 'BUSY', message: 'later', retryable: true };

    await results.apply(unit, stepResult(unit, 'a', { outcome: 'failed', error }), 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'retry_scheduled', error });
    expect(unit.newTimers).toMatchObject([{ stepId: 'a', kind: 'retry', attempt: 1 }]);
    expect(unit.events.at(-1)).toMatchObject({ type: 'step.retry_scheduled', data: { delayMs: 300 } });
  });

  it('treats a failure without an error as retryable UNKNOWN', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 1 } })], { a: dispatched });

    await results.apply(unit, stepResult(unit, 'a', { outcome: 'failed', error: undefined }), 'cause');

    expect(unit.step('a').error).toEqual({
      code: 'UNKNOWN',
      message: 'agent reported failure without an error',
      retryable: true,
    });
    expect(unit.run.status).toBe('failed');
  });

  it('ignores a result for an earlier attempt: the task id is not the current one', async () => {
    const unit = runUnit([step('a')], { a: { ...dispatched, attempt: 2, taskId: 'task-2' } });

    await results.apply(unit, stepResult(unit, 'a', { taskId: 'task-1', attempt: 1 }), 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'dispatched', attempt: 2 });
    expect(unit.events).toEqual([
      expect.objectContaining({
        type: 'step.result_ignored',
        data: expect.objectContaining({ taskId: 'task-1', reason: 'not the current attempt' }) as unknown,
      }),
    ]);
    expect(unit.clearedTimers.size).toBe(0);
  });

  it('ignores a result for a step the run does not have', async () => {
    const unit = runUnit([step('a')], { a: dispatched });

    await results.apply(unit, stepResult(unit, 'a', { stepId: 'ghost' }), 'cause');

    expect(eventTypes(unit)).toEqual(['step.result_ignored']);
    expect(unit.dirtySteps.size).toBe(0);
  });

  it.each([
    [
      'a step that already succeeded',
      { status: 'succeeded' as const },
      {},
      'step is succeeded, run is running',
    ],
    [
      'a step cancelled by the run failing',
      { status: 'cancelled' as const },
      { status: 'failed' as const },
      'step is cancelled, run is failed',
    ],
    [
      'a dispatched step of a cancelled run',
      {},
      { status: 'cancelled' as const },
      'step is dispatched, run is cancelled',
    ],
    [
      'a step waiting for its retry (the timeout fired first)',
      { status: 'retry_scheduled' as const },
      {},
      'step is retry_scheduled, run is running',
    ],
  ])('ignores a late result for %s', async (_, record, run, reason) => {
    const unit = runUnit([step('a'), step('b')], { a: { ...dispatched, ...record } }, run);

    await results.apply(unit, stepResult(unit, 'a'), 'cause');

    expect(unit.events).toMatchObject([{ type: 'step.result_ignored', data: { reason } }]);
    expect(unit.dirtySteps.size).toBe(0);
    expect(unit.messages).toEqual([]);
  });

  it('records a result while the run is paused but dispatches nothing until resume', async () => {
    const unit = runUnit(
      [step('a'), step('b', { dependsOn: ['a'] })],
      { a: dispatched },
      { status: 'paused' },
    );

    await results.apply(unit, stepResult(unit, 'a'), 'cause');

    expect(unit.step('a').status).toBe('succeeded');
    expect(unit.step('b').status).toBe('pending');
    expect(unit.messages).toEqual([]);
  });

  it('hands a compensation result to the saga while the run compensates', async () => {
    const undo = { capability: 'data', action: 'undo' };
    const unit = runUnit(
      [step('a', { compensate: undo }), step('b')],
      { a: { status: 'compensating', attempt: 1, taskId: 'undo-a' }, b: { status: 'failed' } },
      { status: 'compensating' },
    );

    await results.apply(unit, stepResult(unit, 'a'), 'cause');

    expect(unit.step('a').status).toBe('compensated');
    expect(unit.run.status).toBe('failed');
  });
});

describe('ResultApplier.admits', () => {
  it('admits the fleet agent serving the step capability', () => {
    const unit = runUnit([step('a')], { a: dispatched });

    expect(results.admits(unit, stepResult(unit, 'a'), DATA_AGENT, noGrants)).toBe(true);
    expect(unit.events).toEqual([]);
  });

  it('refuses a result without a user-id and records why', () => {
    const unit = runUnit([step('a')], { a: dispatched });

    expect(results.admits(unit, stepResult(unit, 'a'), undefined, noGrants)).toBe(false);
    expect(unit.events).toEqual([
      {
        type: 'step.result_rejected',
        stepId: 'a',
        data: {
          taskId: 'task-1',
          attempt: 1,
          outcome: 'succeeded',
          sender: null,
          reason: 'the result carries no user-id',
        },
      },
    ]);
  });

  it('refuses a tenant agent granted the capability in another tenant', () => {
    const sender = `${TEST_PREFIX}.agent.x`;
    const grants = new Map([[sender, { tenantId: 'globex', capabilities: ['data'] }]]);
    const unit = runUnit([step('a')], { a: dispatched });

    expect(results.admits(unit, stepResult(unit, 'a'), sender, grants)).toBe(false);
    expect(unit.events[0]?.data).toMatchObject({ sender, reason: `${sender} belongs to another tenant` });
  });

  it("admits a tenant agent granted the step's capability in the run's tenant", () => {
    const sender = `${TEST_PREFIX}.agent.x`;
    const grants = new Map([[sender, { tenantId: 'acme', capabilities: ['ocr'] }]]);
    const unit = runUnit([step('a', { capability: 'ocr' })], { a: dispatched });

    expect(results.admits(unit, stepResult(unit, 'a'), sender, grants)).toBe(true);
  });

  it("checks a compensating step against its compensate task's capability", () => {
    const undo = { capability: 'validation', action: 'undo' };
    const unit = runUnit(
      [step('a', { compensate: undo })],
      { a: { ...dispatched, status: 'compensating' } },
      { status: 'compensating' },
    );

    expect(results.admits(unit, stepResult(unit, 'a'), `${TEST_PREFIX}.validation-agent`, noGrants)).toBe(
      true,
    );
    expect(results.admits(unit, stepResult(unit, 'a'), DATA_AGENT, noGrants)).toBe(false);
  });

  it('leaves a result for an unknown step to apply, which ignores it', () => {
    const unit = runUnit([step('a')]);

    expect(results.admits(unit, stepResult(unit, 'a', { stepId: 'ghost' }), undefined, noGrants)).toBe(true);
  });
});
