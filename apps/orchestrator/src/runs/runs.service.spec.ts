import type { RunWriter } from '../engine/run-writer';
import type { TransactionRunner, Tx } from '@ensemble/persistence';
import { dispatchedSteps, engineFixture, runRecord, step } from '../../../../test/factories/run-unit.factory';
import { InputSchemas } from '../engine/input-schema';
import type { RunUnit } from '../engine/run-unit';
import type { RunsRepository } from '../engine/runs.repository';
import type { StoredWorkflow, WorkflowsRepository } from '../workflows/workflows.repository';
import { RunsService, startReply } from './runs.service';

const workflow: StoredWorkflow = {
  id: 'def-1',
  tenantId: 'acme',
  name: 'wf',
  version: 1,
  definition: { name: 'wf', steps: [step('a')] },
  createdAt: new Date(),
};

/** A start whose insert the database answers with `inserted`, and whose key lookup finds `holder`. */
function service(insert: 'inserted' | 'conflict', holder: string | undefined) {
  const flushed: RunUnit[][] = [];
  const lookups: string[] = [];
  const tx = {} as Tx;
  const transactions = { run: <T>(work: (t: Tx) => Promise<T>) => work(tx) } as unknown as TransactionRunner;
  const runs = {
    insertRuns: (_: Tx, items: { run: { id: string } }[]) =>
      Promise.resolve(new Set(insert === 'inserted' ? items.map((i) => i.run.id) : [])),
    findIdByIdempotencyKey: (_: Tx, _tenant: string, key: string) => {
      lookups.push(key);
      return Promise.resolve(holder);
    },
  } as unknown as RunsRepository;
  const writer = {
    flush: (_: Tx, units: RunUnit[]) => {
      flushed.push(units);
      return Promise.resolve();
    },
  } as unknown as RunWriter;
  const workflows = { find: () => Promise.resolve(workflow) } as unknown as WorkflowsRepository;
  const { engine } = engineFixture();
  return {
    runs: new RunsService(transactions, runs, writer, workflows, engine, new InputSchemas()),
    flushed,
    lookups,
  };
}

describe('RunsService.start', () => {
  it('creates the run, dispatches its first steps and says created', async () => {
    const { runs, flushed } = service('inserted', undefined);

    const reply = await runs.start('acme', { workflow: 'wf', input: { x: 1 } }, 'corr');

    expect(reply.created).toBe(true);
    const [unit] = flushed.flat();
    expect(unit.run.id).toBe(reply.runId);
    expect(dispatchedSteps(unit)).toEqual(['a']);
  });

  it('returns the run that holds the idempotency key when the insert conflicted', async () => {
    const { runs, lookups } = service('conflict', 'existing-run');

    const reply = await runs.start('acme', { workflow: 'wf', input: {}, idempotencyKey: 'k-1' }, 'corr');

    expect(reply).toEqual({ runId: 'existing-run', created: false });
    expect(lookups).toEqual(['k-1']);
  });

  it('fails when the run was not inserted and no run holds its key, instead of naming a run that does not exist', async () => {
    const { runs, flushed } = service('conflict', undefined);

    await expect(
      runs.start('acme', { workflow: 'wf', input: {}, idempotencyKey: 'k-1' }, 'corr'),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(flushed.flat()).toEqual([]);
  });

  it('fails when a run without a key was not inserted, without looking a key up', async () => {
    const { runs, lookups } = service('conflict', 'someone-else');

    await expect(runs.start('acme', { workflow: 'wf', input: {} }, 'corr')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(lookups).toEqual([]);
  });
});

describe('startReply', () => {
  const run = runRecord({ idempotencyKey: 'k' });

  it('names the new run when it was inserted', () => {
    expect(startReply(run, true, 'other')).toEqual({ runId: run.id, created: true });
  });

  it('names the existing run, not the new id, when the key was taken', () => {
    expect(startReply(run, false, 'other')).toEqual({ runId: 'other', created: false });
  });

  it('throws rather than reply created:false with an id nothing holds', () => {
    expect(() => startReply(run, false, undefined)).toThrow(/idempotency key k was not created/);
  });
});
