import type { RunView } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import {
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
} from '../../../../test/factories/run-unit.factory';
import { lockedRunsFixture } from '../../../../test/factories/locked-runs.factory';
import type { RunRecord, StepRecord } from '../engine/run-state';
import type { RunUnit } from '../engine/run-unit';
import type { StoredWorkflow, WorkflowsRepository } from '../workflows/workflows.repository';
import { carriedOver, RunControlService } from './run-control.service';
import type { RunsService } from './runs.service';

interface Inserted {
  run: RunRecord;
  carried: Map<string, StepRecord>;
}

/** Controls over in-memory runs; `inserted` lists the runs retry-from-failed created. */
function controlsOver(...units: RunUnit[]) {
  return controlsWith(true, ...units);
}

/** `inserts` false plays a retry run the database did not insert. */
function controlsWith(inserts: boolean, ...units: RunUnit[]) {
  const { locked, flushed } = lockedRunsFixture(units);
  const inserted: Inserted[] = [];
  const runsService = {
    get: (_: string, runId: string) => Promise.resolve({ id: runId } as RunView),
    insert: (_: Tx, run: RunRecord, __: StoredWorkflow, carried: Map<string, StepRecord>) => {
      inserted.push({ run, carried });
      return Promise.resolve(inserts ? units[0] : undefined);
    },
  } as unknown as RunsService;
  const [first] = units;
  const workflows = {
    findById: (id: string) => Promise.resolve({ id, name: 'wf', version: 3, definition: first.definition }),
  } as unknown as WorkflowsRepository;
  const { engine, dispatcher } = engineFixture();
  const controls = new RunControlService(locked, runsService, workflows, engine, dispatcher);
  return { controls, flushed, inserted };
}

const twoSteps = () =>
  runUnit([step('a'), step('b', { dependsOn: ['a'] })], {
    a: { status: 'dispatched', attempt: 1, taskId: 'task-a' },
  });

describe('RunControlService.control', () => {
  it('cancels a running run: open steps cancelled, their timers cleared, agents at work told to stop', async () => {
    const unit = twoSteps();
    const { controls, flushed } = controlsOver(unit);

    const view = await controls.control('acme', unit.run.id, 'cancel', 'not needed');

    expect(view.id).toBe(unit.run.id);
    expect(unit.run).toMatchObject({
      status: 'cancelled',
      error: { code: 'CANCELLED', message: 'not needed' },
    });
    expect([unit.step('a').status, unit.step('b').status]).toEqual(['cancelled', 'cancelled']);
    expect([...unit.clearedTimers]).toEqual(['a', 'b']);
    const stops = unit.messages.filter((m) => m.envelope.type === 'step.cancel.v1');
    expect(stops.map((m) => m.envelope.payload)).toEqual([
      { runId: unit.run.id, stepId: 'a', reason: 'not needed' },
    ]);
    expect(eventTypes(unit)).toEqual(['run.cancelled']);
    expect(flushed).toEqual([[unit]]);
  });

  it.each(['paused', 'compensating'] as const)('cancels a %s run', async (status) => {
    const unit = runUnit([step('a')], {}, { status });
    const { controls } = controlsOver(unit);

    await controls.control('acme', unit.run.id, 'cancel', 'stop');

    expect(unit.run.status).toBe('cancelled');
  });

  it('pauses a running run without touching its steps', async () => {
    const unit = twoSteps();
    const { controls } = controlsOver(unit);

    await controls.control('acme', unit.run.id, 'pause', 'hold on');

    expect(unit.run.status).toBe('paused');
    expect(unit.dirtySteps.size).toBe(0);
    expect(unit.events).toEqual([{ type: 'run.paused', stepId: null, data: { reason: 'hold on' } }]);
  });

  it('resumes a paused run and dispatches the steps that became ready meanwhile', async () => {
    const unit = runUnit(
      [step('a'), step('b', { dependsOn: ['a'] })],
      { a: { status: 'succeeded' } },
      { status: 'paused' },
    );
    const { controls } = controlsOver(unit);

    await controls.control('acme', unit.run.id, 'resume', 'go');

    expect(unit.run.status).toBe('running');
    expect(dispatchedSteps(unit)).toEqual(['b']);
    expect(eventTypes(unit)).toEqual(['run.resumed', 'step.dispatched']);
  });

  it.each([
    ['cancel', 'succeeded'],
    ['cancel', 'failed'],
    ['cancel', 'cancelled'],
    ['pause', 'paused'],
    ['pause', 'compensating'],
    ['resume', 'running'],
    ['resume', 'failed'],
    ['retry', 'running'],
    ['retry', 'succeeded'],
    ['retry', 'cancelled'],
  ] as const)('refuses to %s a %s run and changes nothing', async (action, status) => {
    const unit = runUnit([step('a')], {}, { status });
    const { controls, flushed, inserted } = controlsOver(unit);

    await expect(controls.control('acme', unit.run.id, action, 'why')).rejects.toMatchObject({
      code: 'INVALID_STATE',
      details: { status },
    });
    expect(unit.run.status).toBe(status);
    expect(flushed).toEqual([]);
    expect(inserted).toEqual([]);
  });

  it("says not found for another tenant's run, and for a run that does not exist", async () => {
    const unit = twoSteps();
    const { controls } = controlsOver(unit);

    await expect(controls.control('globex', unit.run.id, 'cancel', 'x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(controls.control('acme', 'no-such-run', 'cancel', 'x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(unit.run.status).toBe('running');
  });
});

describe('retry from failed', () => {
  const failed = () =>
    runUnit(
      [step('a'), step('b', { when: 'false' }), step('c'), step('d', { dependsOn: ['c'] })],
      {
        a: { status: 'succeeded', output: { kept: true }, attempt: 2 },
        b: { status: 'skipped' },
        c: { status: 'failed', attempt: 3, error: { code: 'BAD', message: 'x', retryable: false } },
        d: { status: 'cancelled' },
      },
      { status: 'failed', input: { order: 1 }, correlationId: 'corr-1' },
    );

  it('starts a new run of the same version and input that keeps the succeeded and skipped steps', async () => {
    const unit = failed();
    const { controls, inserted } = controlsOver(unit);

    const view = await controls.control('acme', unit.run.id, 'retry', 'fixed upstream');

    const [{ run, carried }] = inserted;
    expect(view.id).toBe(run.id);
    expect(run).toMatchObject({
      tenantId: 'acme',
      version: 3,
      status: 'running',
      input: { order: 1 },
      correlationId: 'corr-1',
      retryOf: unit.run.id,
      idempotencyKey: null,
    });
    expect(run.id).not.toBe(unit.run.id);
    expect([...carried.keys()]).toEqual(['a', 'b']);
    expect(carried.get('a')).toMatchObject({ status: 'succeeded', output: { kept: true }, attempt: 2 });
  });

  it('leaves the failed run failed and records the retry in its history', async () => {
    const unit = failed();
    const { controls, inserted } = controlsOver(unit);

    await controls.control('acme', unit.run.id, 'retry', 'fixed upstream');

    expect(unit.run.status).toBe('failed');
    expect(unit.runDirty).toBe(false);
    expect(unit.events).toEqual([
      {
        type: 'run.retried',
        stepId: null,
        data: { newRunId: inserted[0]?.run.id, reason: 'fixed upstream', kept: ['a', 'b'] },
      },
    ]);
  });

  it('fails, and records nothing, when the retry run was not inserted', async () => {
    const unit = failed();
    const { controls, flushed } = controlsWith(false, unit);

    await expect(controls.control('acme', unit.run.id, 'retry', 'again')).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    expect(unit.events).toEqual([]);
    expect(flushed).toEqual([]);
  });
});

describe('carriedOver', () => {
  it('keeps copies of the succeeded and skipped steps only', () => {
    const unit = runUnit([step('a'), step('b'), step('c'), step('d'), step('e')], {
      a: { status: 'succeeded' },
      b: { status: 'skipped' },
      c: { status: 'failed' },
      d: { status: 'compensated' },
      e: { status: 'cancelled' },
    });

    const carried = carriedOver(unit.steps);

    expect([...carried.keys()]).toEqual(['a', 'b']);
    expect(carried.get('a')).not.toBe(unit.step('a'));
    expect(carried.get('a')).toEqual(unit.step('a'));
  });
});
