import {
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
} from '../../../../test/factories/run-unit.factory';

const { engine } = engineFixture();
const timeout = { code: 'STEP_TIMEOUT', message: 'slow', retryable: true };
const fatal = { code: 'BAD', message: 'never works', retryable: false };

describe('EngineService.advance', () => {
  it('dispatches every independent step in one advance, before any result', async () => {
    const unit = runUnit([step('a'), step('b'), step('join', { dependsOn: ['a', 'b'] })]);

    await engine.advance(unit, 'cause');

    expect(dispatchedSteps(unit)).toEqual(['a', 'b']);
    expect(unit.step('join').status).toBe('pending');
    expect(unit.step('a')).toMatchObject({ status: 'dispatched', attempt: 1 });
    expect(unit.messages[0]?.routingKey).toBe('unit.cap.data');
  });

  it('dispatches a step once its dependencies succeeded, with its input expression evaluated', async () => {
    const unit = runUnit([step('a'), step('b', { dependsOn: ['a'], input: 'steps.a.output.n + input.x' })], {
      a: { status: 'succeeded', output: { n: 41 } },
    });

    await engine.advance(unit, 'cause');

    expect(dispatchedSteps(unit)).toEqual(['b']);
    expect(unit.step('b').input).toBe(42);
    expect(eventTypes(unit)).toEqual(['step.dispatched']);
  });

  it('passes the run input to a step without an input expression', async () => {
    const unit = runUnit([step('a')], {}, { input: { keep: true } });

    await engine.advance(unit, 'cause');

    expect(unit.step('a').input).toEqual({ keep: true });
  });

  it('skips a step whose when is false and lets its dependents run', async () => {
    const unit = runUnit([step('a', { when: 'input.x > 5' }), step('b', { dependsOn: ['a'] })]);

    await engine.advance(unit, 'cause');

    expect(unit.step('a').status).toBe('skipped');
    expect(dispatchedSteps(unit)).toEqual(['b']);
    expect(eventTypes(unit)).toEqual(['step.skipped', 'step.dispatched']);
  });

  it('dispatches a step whose when is true', async () => {
    const unit = runUnit([step('a', { when: 'input.x = 1' })]);

    await engine.advance(unit, 'cause');

    expect(dispatchedSteps(unit)).toEqual(['a']);
  });

  it('cancels a step whose dependency failed for good', async () => {
    const unit = runUnit([step('a'), step('b', { dependsOn: ['a'] })], {
      a: { status: 'failed' },
    });

    await engine.advance(unit, 'cause');

    expect(unit.step('b').status).toBe('cancelled');
    expect(unit.step('b').finishedAt).toBeInstanceOf(Date);
    expect(dispatchedSteps(unit)).toEqual([]);
  });

  it('runs the dependents of a step that failed with onFailure continue', async () => {
    const unit = runUnit([step('a', { onFailure: 'continue' }), step('b', { dependsOn: ['a'] })], {
      a: { status: 'failed' },
    });

    await engine.advance(unit, 'cause');

    expect(dispatchedSteps(unit)).toEqual(['b']);
  });

  it('dispatches nothing while the run is paused', async () => {
    const unit = runUnit([step('a'), step('b')], {}, { status: 'paused' });

    await engine.advance(unit, 'cause');

    expect(unit.messages).toEqual([]);
    expect(unit.events).toEqual([]);
    expect(unit.run.status).toBe('paused');
  });

  it('schedules a timeout timer for a step with timeoutMs', async () => {
    const before = Date.now();
    const unit = runUnit([step('a', { timeoutMs: 5000 })]);

    await engine.advance(unit, 'cause');

    const timer = unit.newTimers[0];
    expect(timer).toMatchObject({ stepId: 'a', kind: 'timeout', attempt: 1 });
    expect(timer.fireAt.getTime()).toBeGreaterThanOrEqual(before + 5000);
    const deadline = (unit.messages[0]?.envelope.payload as { deadline?: string }).deadline;
    expect(Date.parse(deadline ?? '')).toBeGreaterThanOrEqual(before + 5000);
  });

  it('schedules no timer and sends no deadline without timeoutMs', async () => {
    const unit = runUnit([step('a')]);

    await engine.advance(unit, 'cause');

    expect(unit.newTimers).toEqual([]);
    expect(unit.messages[0]?.envelope.payload).not.toHaveProperty('deadline');
  });

  it('succeeds the run with every step output when all steps settled', async () => {
    const unit = runUnit([step('a'), step('b')], {
      a: { status: 'succeeded', output: 1 },
      b: { status: 'skipped' },
    });

    await engine.advance(unit, 'cause');

    expect(unit.run).toMatchObject({ status: 'succeeded', output: { a: 1 } });
    expect(unit.runDirty).toBe(true);
    expect(eventTypes(unit)).toEqual(['run.succeeded']);
  });

  it('computes the run output from the output expression', async () => {
    const unit = runUnit(
      [step('a')],
      { a: { status: 'succeeded', output: 2 } },
      {},
      { output: 'steps.a.output * 10' },
    );

    await engine.advance(unit, 'cause');

    expect(unit.run.output).toBe(20);
  });

  it('fails the run when the output expression fails', async () => {
    const unit = runUnit([step('a')], { a: { status: 'succeeded' } }, {}, { output: '$error("no")' });

    await engine.advance(unit, 'cause');

    expect(unit.run.status).toBe('failed');
    expect(unit.run.error).toMatchObject({ code: 'OUTPUT_ERROR', retryable: false });
    expect(eventTypes(unit)).toEqual(['run.failed']);
  });

  it('does not complete a run while a step is still in flight', async () => {
    const unit = runUnit([step('a'), step('b')], {
      a: { status: 'succeeded' },
      b: { status: 'retry_scheduled', attempt: 1 },
    });

    await engine.advance(unit, 'cause');

    expect(unit.run.status).toBe('running');
    expect(engine.hasWorkInFlight(unit)).toBe(true);
  });

  it('fails a step at once when its input expression fails, whatever attempts remain', async () => {
    const unit = runUnit([step('a', { input: '$error("bad")', retry: { maxAttempts: 5 } })]);

    await engine.advance(unit, 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'failed', error: { code: 'EXPRESSION_ERROR' } });
    expect(unit.run.status).toBe('failed');
    expect(dispatchedSteps(unit)).toEqual([]);
  });
});

describe('EngineService.failAttempt', () => {
  it('schedules the retry no sooner than the policy delay', async () => {
    const retry = { maxAttempts: 3, backoff: 'fixed' as const, initialDelayMs: 7000, jitter: false };
    const unit = runUnit([step('a', { retry })], { a: { status: 'dispatched', attempt: 1 } });
    const before = Date.now();

    await engine.failAttempt(unit, 'a', timeout, 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'retry_scheduled', error: timeout });
    expect(unit.newTimers).toHaveLength(1);
    expect(unit.newTimers[0]).toMatchObject({ stepId: 'a', kind: 'retry', attempt: 1 });
    expect(unit.newTimers[0]?.fireAt.getTime() ?? 0).toBeGreaterThanOrEqual(before + 7000);
    expect(unit.events[0]).toMatchObject({
      type: 'step.retry_scheduled',
      data: { attempt: 1, delayMs: 7000 },
    });
    expect(unit.clearedTimers.has('a')).toBe(true);
    expect(unit.messages).toEqual([]);
  });

  it('fails the step and the run when attempts are exhausted, cancelling open steps', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 2 } }), step('b')], {
      a: { status: 'dispatched', attempt: 2 },
      b: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', timeout, 'cause');

    expect(unit.step('a')).toMatchObject({ status: 'failed', error: timeout });
    expect(unit.step('b').status).toBe('cancelled');
    expect(unit.run).toMatchObject({
      status: 'failed',
      error: { code: 'STEP_TIMEOUT', details: { stepId: 'a' } },
    });
    expect(eventTypes(unit)).toEqual(['step.failed', 'run.failed']);
    expect(unit.newTimers).toEqual([]);
  });

  it('keeps the error details when failing the run', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 1 } })], {
      a: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', { ...fatal, details: { row: 3 } }, 'cause');

    expect(unit.run.error?.details).toEqual({ row: 3, stepId: 'a' });
  });

  it('fails at once on a non-retryable error', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 5 } })], {
      a: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', fatal, 'cause');

    expect(unit.step('a').status).toBe('failed');
    expect(unit.run.status).toBe('failed');
  });

  it('leaves the run running when the step fails with onFailure continue', async () => {
    const unit = runUnit([step('a', { onFailure: 'continue', retry: { maxAttempts: 1 } })], {
      a: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', timeout, 'cause');

    expect(unit.step('a').status).toBe('failed');
    expect(unit.run.status).toBe('running');
  });

  it('starts compensation when the step fails with onFailure compensate', async () => {
    const undo = { capability: 'data', action: 'undo' };
    const unit = runUnit(
      [
        step('a', { compensate: undo }),
        step('b', { dependsOn: ['a'], onFailure: 'compensate', retry: { maxAttempts: 1 } }),
      ],
      { a: { status: 'succeeded', finishedAt: new Date() }, b: { status: 'dispatched', attempt: 1 } },
    );

    await engine.failAttempt(unit, 'b', fatal, 'cause');

    expect(unit.run.status).toBe('compensating');
    expect(unit.step('a').status).toBe('compensating');
    expect(dispatchedSteps(unit)).toEqual(['a']);
  });
});

describe('EngineService.isTerminal', () => {
  it.each([
    ['succeeded', true],
    ['failed', true],
    ['cancelled', true],
    ['running', false],
    ['paused', false],
    ['compensating', false],
  ] as const)('says a %s run is terminal: %s', (status, terminal) => {
    expect(engine.isTerminal(runUnit([step('a')], {}, { status }))).toBe(terminal);
  });
});
