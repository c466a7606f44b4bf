import {
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
} from '../../../../test/factories/run-unit.factory';

const { engine } = engineFixture();
const busy = { code: 'BUSY', message: 'later', retryable: true };

/** The policies a definition sets (`when`, `retry`, `timeoutMs`) as the engine applies them. */
describe('when', () => {
  it('decides a branch on an earlier step output: the false branch is skipped, the true one runs', async () => {
    const unit = runUnit(
      [
        step('check'),
        step('approve', { dependsOn: ['check'], when: 'steps.check.output.ok' }),
        step('reject', { dependsOn: ['check'], when: '$not(steps.check.output.ok)' }),
        step('notify', { dependsOn: ['approve', 'reject'] }),
      ],
      { check: { status: 'succeeded', output: { ok: false } } },
    );

    await engine.advance(unit, 'cause');

    expect(unit.step('approve').status).toBe('skipped');
    expect(dispatchedSteps(unit)).toEqual(['reject']);
    expect(unit.step('notify').status).toBe('pending');
  });

  it('fails a step whose when expression fails, as a non-retryable error', async () => {
    const unit = runUnit([step('a', { when: '$error("broken")', retry: { maxAttempts: 4 } })]);

    await engine.advance(unit, 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'failed', error: { retryable: false } });
    expect(unit.newTimers).toEqual([]);
    expect(unit.run.status).toBe('failed');
  });
});

describe('retry and backoff', () => {
  it.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1000],
  ])(
    'waits the exponential delay after attempt %i (%i ms, capped by maxDelayMs)',
    async (attempt, delayMs) => {
      const retry = { maxAttempts: 10, initialDelayMs: 200, maxDelayMs: 1000, jitter: false };
      const unit = runUnit([step('a', { retry })], { a: { status: 'dispatched', attempt } });

      await engine.failAttempt(unit, 'a', busy, 'cause');

      expect(unit.events).toEqual([
        { type: 'step.retry_scheduled', stepId: 'a', data: { attempt, delayMs, error: busy } },
      ]);
      expect(unit.newTimers).toMatchObject([{ kind: 'retry', attempt }]);
    },
  );

  it('fails at once on an error code the policy lists as non-retryable', async () => {
    const retry = { maxAttempts: 5, nonRetryableErrors: ['BUSY'] };
    const unit = runUnit([step('a', { retry })], { a: { status: 'dispatched', attempt: 1 } });

    await engine.failAttempt(unit, 'a', busy, 'cause');

    expect(unit.step('a').status).toBe('failed');
    expect(eventTypes(unit)).toEqual(['step.failed', 'run.failed']);
  });

  it('dispatches attempt n+1 with the same input and a new task id, and arms a new timeout for it', () => {
    const unit = runUnit([step('a', { timeoutMs: 3000 })], {
      a: { status: 'retry_scheduled', attempt: 1, taskId: 'task-1', input: { same: true } },
    });

    engine.dispatch(unit, step('a', { timeoutMs: 3000 }), unit.step('a').input, 'timer');

    expect(unit.step('a')).toMatchObject({ status: 'dispatched', attempt: 2, input: { same: true } });
    expect(unit.step('a').taskId).not.toBe('task-1');
    expect(unit.messages[0]?.envelope.payload).toMatchObject({ attempt: 2, input: { same: true } });
    expect(unit.newTimers).toMatchObject([{ stepId: 'a', kind: 'timeout', attempt: 2 }]);
  });
});
