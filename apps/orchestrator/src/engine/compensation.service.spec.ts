import {
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
  stepResult,
} from '../../../../test/factories/run-unit.factory';
import type { RunUnit } from './run-unit';

const { compensation } = engineFixture();
const fatal = { code: 'BAD', message: 'no', retryable: false };
const undo = (action: string) => ({ capability: 'data', action });
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

/** a, b, c succeeded in that order (b has no compensate task); d failed and triggers the saga. */
function saga(): RunUnit {
  return runUnit(
    [
      step('a', { compensate: undo('undo-a') }),
      step('b'),
      step('c', { compensate: { ...undo('undo-c'), input: '{"refund": steps.c.output.paid}' } }),
      step('d', { onFailure: 'compensate' }),
      step('e'),
    ],
    {
      a: { status: 'succeeded', output: { a: 1 }, finishedAt: at(1) },
      b: { status: 'succeeded', finishedAt: at(2) },
      c: { status: 'succeeded', output: { paid: 30 }, finishedAt: at(3) },
      d: { status: 'failed', finishedAt: at(4) },
      e: { status: 'dispatched', attempt: 1, taskId: 'task-e' },
    },
  );
}

/** Plays the agent: the compensation task of the step now compensating succeeds (or fails). */
async function finishCompensation(
  unit: RunUnit,
  outcome: 'succeeded' | 'failed' = 'succeeded',
): Promise<string> {
  const [stepId] = [...unit.steps.values()].filter((r) => r.status === 'compensating').map((r) => r.stepId);
  const error = outcome === 'failed' ? { code: 'UNDO_FAILED', message: 'gone', retryable: false } : undefined;
  await compensation.onResult(unit, stepResult(unit, stepId, { outcome, error }), 'cause');
  return stepId;
}

describe('CompensationService', () => {
  it('stops open steps, marks the run compensating and undoes the most recently finished step first', async () => {
    const unit = saga();

    await compensation.begin(unit, 'd', fatal, 'cause');

    expect(unit.run).toMatchObject({
      status: 'compensating',
      error: { code: 'BAD', details: { stepId: 'd' } },
    });
    expect(unit.step('e').status).toBe('cancelled');
    expect(unit.step('c')).toMatchObject({ status: 'compensating' });
    expect(dispatchedSteps(unit)).toEqual(['c']);
    const task = unit.messages.find((m) => m.envelope.type === 'step.dispatch.v1')?.envelope.payload;
    expect(task).toMatchObject({ action: 'undo-c', input: { refund: 30 }, attempt: 1 });
    expect(unit.step('c').taskId).toBe(
      unit.messages.find((m) => m.envelope.type === 'step.dispatch.v1')?.envelope.id,
    );
  });

  it('undoes one step at a time, newest first, skipping steps without a compensate task, then fails the run', async () => {
    const unit = saga();
    await compensation.begin(unit, 'd', fatal, 'cause');

    const order = [await finishCompensation(unit), await finishCompensation(unit)];

    expect(order).toEqual(['c', 'a']);
    expect(unit.step('b').status).toBe('succeeded');
    expect(unit.run.status).toBe('failed');
    expect(unit.events.at(-1)).toEqual({
      type: 'run.failed',
      stepId: null,
      data: { compensated: ['a', 'c'] },
    });
  });

  it('passes the step output to a compensate task without an input expression', async () => {
    const unit = saga();
    await compensation.begin(unit, 'd', fatal, 'cause');

    await finishCompensation(unit);

    const tasks = unit.messages.filter((m) => m.envelope.type === 'step.dispatch.v1');
    expect(tasks.at(-1)?.envelope.payload).toMatchObject({ stepId: 'a', input: { a: 1 } });
  });

  it('records a failed compensation and goes on with the next step', async () => {
    const unit = saga();
    await compensation.begin(unit, 'd', fatal, 'cause');

    await finishCompensation(unit, 'failed');

    expect(unit.step('c')).toMatchObject({ status: 'failed', error: { code: 'UNDO_FAILED' } });
    expect(unit.step('a').status).toBe('compensating');
    expect(eventTypes(unit)).toContain('step.compensation_failed');
  });

  it('fails a compensation whose input expression fails, without dispatching it, and goes on', async () => {
    const unit = runUnit(
      [
        step('a', { compensate: undo('undo-a') }),
        step('b', { compensate: { ...undo('undo-b'), input: '$error("x")' } }),
      ],
      { a: { status: 'succeeded', finishedAt: at(1) }, b: { status: 'succeeded', finishedAt: at(2) } },
    );

    await compensation.begin(unit, 'b', fatal, 'cause');

    expect(unit.step('b')).toMatchObject({ status: 'failed', error: { code: 'EXPRESSION_ERROR' } });
    expect(dispatchedSteps(unit)).toEqual(['a']);
  });

  it('fails the run at once when nothing has a compensate task', async () => {
    const unit = runUnit([step('a'), step('b')], { a: { status: 'succeeded' }, b: { status: 'failed' } });

    await compensation.begin(unit, 'b', fatal, 'cause');

    expect(unit.run.status).toBe('failed');
    expect(eventTypes(unit)).toEqual(['run.compensating', 'run.failed']);
    expect(unit.messages).toEqual([]);
  });
});
