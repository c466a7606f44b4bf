import { dispatchedSteps, engineFixture, runUnit, step } from '../../../../test/factories/run-unit.factory';

const { engine } = engineFixture();
const fatal = { code: 'BAD', message: 'never works', retryable: false };

/** Dependents listed before their dependency need a second pass once it settles. */
describe('EngineService.advance settles chains in one call, whatever the definition order', () => {
  it('dispatches a step listed before the skipped step it depends on', async () => {
    const unit = runUnit([step('b', { dependsOn: ['a'] }), step('a', { when: 'false' })]);

    await engine.advance(unit, 'cause');

    expect(dispatchedSteps(unit)).toEqual(['b']);
    expect(unit.events.find((e) => e.type === 'step.skipped')).toEqual({
      type: 'step.skipped',
      stepId: 'a',
      data: { when: 'false' },
    });
  });

  it('cancels a chain of steps listed before the dependency that failed', async () => {
    const unit = runUnit([step('c', { dependsOn: ['b'] }), step('b', { dependsOn: ['a'] }), step('a')], {
      a: { status: 'failed' },
    });

    await engine.advance(unit, 'cause');

    expect([unit.step('b').status, unit.step('c').status]).toEqual(['cancelled', 'cancelled']);
    expect(unit.events[0]).toEqual({
      type: 'step.cancelled',
      stepId: 'b',
      data: { reason: 'a dependency will never complete' },
    });
  });

  it('runs the dependents, listed first, of a step whose input expression failed with continue', async () => {
    const unit = runUnit([
      step('b', { dependsOn: ['a'] }),
      step('a', { input: '$error("bad")', onFailure: 'continue' }),
    ]);

    await engine.advance(unit, 'cause');

    expect(unit.step('a').status).toBe('failed');
    expect(dispatchedSteps(unit)).toEqual(['b']);
  });
});

describe('EngineService records what it decided', () => {
  it('records the failed attempt and the run failure with the error', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 1 } }), step('b')], {
      a: { status: 'dispatched', attempt: 1 },
      b: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', fatal, 'cause');

    expect(unit.events.filter((e) => e.type !== 'step.cancelled')).toEqual([
      { type: 'step.failed', stepId: 'a', data: { attempt: 1, error: fatal } },
      { type: 'run.failed', stepId: 'a', data: { error: fatal } },
    ]);
    const cancel = unit.messages.find((m) => m.envelope.type === 'step.cancel.v1');
    expect(cancel?.envelope.payload).toMatchObject({ stepId: 'b', reason: 'run failed' });
  });

  it.each([
    ['an array', [1]],
    ['null', null],
    ['a string', 'text'],
  ])('replaces error details that are %s with the step id', async (_, details) => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 1 } })], {
      a: { status: 'dispatched', attempt: 1 },
    });

    await engine.failAttempt(unit, 'a', { ...fatal, details }, 'cause');

    expect(unit.run.error?.details).toEqual({ stepId: 'a' });
  });

  it('records the output expression error when the run cannot produce its output', async () => {
    const unit = runUnit([step('a')], { a: { status: 'succeeded' } }, {}, { output: '$error("no output")' });

    await engine.advance(unit, 'cause');

    expect(unit.events[0]?.data).toEqual({ error: expect.stringContaining('no output') as string });
  });

  it('logs an ignored result without changing the run', () => {
    const unit = runUnit([step('a')]);

    engine.logIgnored(unit, 'a', 'late');

    expect(unit.events).toEqual([]);
  });
});
