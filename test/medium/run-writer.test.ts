import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { WorkflowDefinition } from '@ensemble/contracts';
import { MetricsService } from '@ensemble/observability';
import { EngineMetrics } from '../../apps/orchestrator/src/engine/engine-metrics';
import { RunLoader } from '../../apps/orchestrator/src/engine/run-loader';
import { RunWriter } from '../../apps/orchestrator/src/engine/run-writer';
import { RunsRepository } from '../../apps/orchestrator/src/engine/runs.repository';
import { newRun } from '../../apps/orchestrator/src/runs/runs.service';
import { WorkflowsRepository } from '../../apps/orchestrator/src/workflows/workflows.repository';
import { TransactionRunner, type Tx } from '@ensemble/persistence';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/** The orchestrator writes a batch's changes in one statement; what lands must be what changed. */
describe("RunWriter against the orchestrator's schema", () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let db: DataSource;
  let runs: RunsRepository;
  let loader: RunLoader;
  const metrics = new EngineMetrics(new MetricsService());
  const writer = new RunWriter(metrics);

  const definition: WorkflowDefinition = {
    name: 'pair',
    steps: [
      { id: 'a', capability: 'data' },
      { id: 'b', capability: 'data' },
    ],
  };

  const startRun = async (): Promise<string> => {
    const workflows = new WorkflowsRepository(db);
    const workflow =
      (await workflows.find('acme', 'pair')) ?? (await workflows.insertNextVersion('acme', definition));
    const run = newRun('acme', workflow, { n: 1 }, null, 'corr', null);
    await db.transaction((tx) => runs.insertRuns(tx, [{ run, steps: definition.steps }]));
    return run.id;
  };

  beforeAll(async () => {
    t = createTestEnv('run_writer');
    sources = await appDataSources(t, ['orchestrator']);
    db = sourceOf(sources, 'orchestrator');
    runs = new RunsRepository(db);
    loader = new RunLoader(runs, new WorkflowsRepository(db));
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('writes several runs: their rows, steps, timers, events and messages, in order', async () => {
    const [first, second] = [await startRun(), await startRun()];
    await db.query(
      `INSERT INTO timers (id, run_id, step_id, kind, attempt, fire_at)
                    VALUES ($1, $2, 'a', 'timeout', 1, now()), ($3, $2, 'b', 'timeout', 1, now())`,
      [randomUUID(), first, randomUUID()],
    );
    await db.transaction(async (tx) => {
      const units = await loader.lockMany(tx, [first, second].sort());
      const one = units.get(first);
      const two = units.get(second);
      if (!one || !two) throw new Error('runs not loaded');
      one.updateStep('a', {
        status: 'failed',
        attempt: 1,
        error: { code: 'X', message: 'x', retryable: true },
      });
      // Clearing a step's timers and scheduling a new one in the same flush keeps the new one.
      one.clearTimers('a');
      one.schedule('a', 'retry', 2, 60_000);
      for (const type of ['e1', 'e2', 'e3']) one.record(type, 'a', { type });
      two.updateRun({ status: 'succeeded', output: { done: true } });
      two.updateStep('b', { status: 'succeeded', output: { ok: [1, 'two'] }, finishedAt: new Date() });
      two.record('run.succeeded');
      for (const n of [1, 2, 3]) {
        const id = randomUUID();
        one.send({ exchange: '', routingKey: 'q', envelope: { id, n } as never });
      }
      await writer.flush(tx, [...units.values()]);
    });

    const steps = await runs.stepsOf(db.manager, [first, second]);
    expect(steps.get(first)?.find((s) => s.stepId === 'a')).toMatchObject({
      status: 'failed',
      attempt: 1,
      error: { code: 'X', message: 'x', retryable: true },
    });
    expect(steps.get(second)?.find((s) => s.stepId === 'b')).toMatchObject({
      status: 'succeeded',
      output: { ok: [1, 'two'] },
    });
    expect(steps.get(second)?.find((s) => s.stepId === 'b')?.finishedAt).toBeInstanceOf(Date);
    const [firstRun, secondRun] = [await runs.findRun('acme', first), await runs.findRun('acme', second)];
    expect(firstRun?.status).toBe('running');
    expect(secondRun).toMatchObject({ status: 'succeeded', output: { done: true } });

    const timers: { step_id: string; kind: string }[] = await db.query(
      'SELECT step_id, kind FROM timers WHERE run_id = $1 ORDER BY step_id',
      [first],
    );
    expect(timers).toEqual([
      { step_id: 'a', kind: 'retry' },
      { step_id: 'b', kind: 'timeout' },
    ]);
    const eventsOf = async (runId: string): Promise<string[]> => {
      const rows: { type: string }[] = await db.query(
        'SELECT type FROM run_events WHERE run_id = $1 ORDER BY seq',
        [runId],
      );
      return rows.map((e) => e.type);
    };
    expect(await eventsOf(first)).toEqual(['e1', 'e2', 'e3']);
    expect(await eventsOf(second)).toEqual(['run.succeeded']);
    const outbox: { n: number }[] = await db.query(
      `SELECT (envelope->>'n')::int AS n FROM outbox WHERE routing_key = 'q' ORDER BY seq`,
    );
    expect(outbox.map((o) => o.n)).toEqual([1, 2, 3]);
  });

  it('hands the outbox messages of a committed flush to the relay, and none of a rolled back one', async () => {
    const transactions = new TransactionRunner(db);
    const handed: string[][] = [];
    transactions.onCommit((committed) => handed.push(committed.map((m) => m.envelope.id)));
    const id = await startRun();
    const flushWith = (envelopeId: string) => async (tx: Tx) => {
      const units = await loader.lockMany(tx, [id]);
      for (const unit of units.values())
        unit.send({ exchange: '', routingKey: 'q2', envelope: { id: envelopeId } as never });
      await writer.flush(tx, [...units.values()]);
    };
    const kept = randomUUID();
    await transactions.run(flushWith(kept));
    const dropped = randomUUID();
    await expect(
      transactions.run(async (tx) => {
        await flushWith(dropped)(tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await transactions.run(() => Promise.resolve());
    expect(handed).toEqual([[kept], []]);
  });

  it('counts what a committed flush recorded in the engine metrics, and nothing of a rolled back one', async () => {
    const transactions = new TransactionRunner(db);
    const finished = async (): Promise<number> =>
      (await metrics.runsFinished.get()).values.find(
        (v) => v.labels.workflow === 'pair' && v.labels.status === 'succeeded',
      )?.value ?? 0;
    const succeed = (id: string) => async (tx: Tx) => {
      const units = await loader.lockMany(tx, [id]);
      for (const unit of units.values()) {
        unit.updateRun({ status: 'succeeded' });
        unit.record('run.succeeded');
      }
      await writer.flush(tx, [...units.values()]);
    };
    const before = await finished();
    await expect(
      transactions.run(async (tx) => {
        await succeed(await startRun())(tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await finished()).toBe(before);
    await transactions.run(succeed(await startRun()));
    expect(await finished()).toBe(before + 1);
  });

  it('writes nothing when nothing changed', async () => {
    const id = await startRun();
    const before = await runs.findRun('acme', id);
    await db.transaction(async (tx) => {
      const units = await loader.lockMany(tx, [id]);
      await writer.flush(tx, [...units.values()]);
    });
    expect((await runs.findRun('acme', id))?.updatedAt).toEqual(before?.updatedAt);
  });
});
