import type { DataSource } from 'typeorm';
import type { WorkflowDefinition } from '@ensemble/contracts';
import { RunDocumentsRepository } from '../../apps/gateway/src/runs/run-documents.repository';
import { RunsRepository } from '../../apps/orchestrator/src/engine/runs.repository';
import { toRunView } from '../../apps/orchestrator/src/runs/run-views';
import { newRun } from '../../apps/orchestrator/src/runs/runs.service';
import { WorkflowsRepository } from '../../apps/orchestrator/src/workflows/workflows.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * The gateway reads runs from the orchestrator's read model (ADR 0008) as its own role. The
 * documents Postgres builds must be exactly the views the orchestrator's code builds, scoped to
 * the tenant, and the gateway's role must see nothing else of the orchestrator's schema.
 */
describe("the orchestrator's run read model, read by the gateway", () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let orchestrator: DataSource;
  let gateway: DataSource;
  let runs: RunsRepository;
  let documents: RunDocumentsRepository;
  let runId: string;

  // Definition order is not alphabetical, so a document that sorts by step id is caught.
  const definition: WorkflowDefinition = {
    name: 'orders',
    steps: [
      { id: 'load', capability: 'data' },
      { id: 'check', capability: 'validation', dependsOn: ['load'] },
      { id: 'approve', capability: 'decision', dependsOn: ['check'] },
    ],
  };

  beforeAll(async () => {
    t = createTestEnv('run_docs');
    sources = await appDataSources(t, ['orchestrator', 'gateway']);
    orchestrator = sourceOf(sources, 'orchestrator');
    runs = new RunsRepository(orchestrator);
    gateway = sourceOf(sources, 'gateway');
    documents = new RunDocumentsRepository(gateway);
    const workflow = await new WorkflowsRepository(orchestrator).insertNextVersion('acme', definition);
    const run = { ...newRun('acme', workflow, { n: 1, nested: { b: [1, 'x'] } }, 'key-1', 'corr', null) };
    runId = run.id;
    await orchestrator.transaction((tx) => runs.insertRuns(tx, [{ run, steps: definition.steps }]));
    // Timestamps from now() carry microseconds; the API shows milliseconds, truncated.
    await orchestrator.query(
      `UPDATE step_runs SET status = 'succeeded', attempt = 2, input = '{"n": 1}', output = '{"ok": true}',
         dispatched_at = now() - interval '1.2345 s', finished_at = now()
       WHERE run_id = $1 AND step_id = 'load'`,
      [runId],
    );
    await orchestrator.query(
      `UPDATE step_runs SET status = 'failed', attempt = 1, error = '{"code": "BAD", "message": "no"}',
         dispatched_at = now() WHERE run_id = $1 AND step_id = 'check'`,
      [runId],
    );
    await orchestrator.query(
      `UPDATE runs SET status = 'failed', error = '{"code": "STEP_FAILED"}', updated_at = now() WHERE id = $1`,
      [runId],
    );
    await orchestrator.query(
      `INSERT INTO run_events (run_id, type, step_id, data) VALUES
         ($1, 'run.started', NULL, '{"workflow": "orders"}'), ($1, 'step.dispatched', 'load', NULL),
         ($1, 'step.failed', 'check', '{"error": {"code": "BAD"}}')`,
      [runId],
    );
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it("is the orchestrator's own RunView of the run, steps in definition order", async () => {
    const record = await runs.findRun('acme', runId);
    if (!record) throw new Error('the run was not inserted');
    const expected = toRunView(record, await runs.steps(runId), ['load', 'check', 'approve']);
    const document = await documents.run('acme', runId);
    expect(JSON.parse(document ?? 'null')).toEqual(expected);
    expect(expected.steps.map((s) => s.stepId)).toEqual(['load', 'check', 'approve']);
    expect(expected.steps[0]?.dispatchedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('is the history of the run as RunEventViews, oldest first', async () => {
    const rows: { seq: string; at: Date }[] = await orchestrator.query(
      'SELECT seq, at FROM run_events WHERE run_id = $1 ORDER BY seq',
      [runId],
    );
    const [first, second, third] = rows.map((r) => ({ seq: Number(r.seq), at: r.at.toISOString() }));
    const document = await documents.history('acme', runId);
    expect(JSON.parse(document ?? 'null')).toEqual([
      { ...first, type: 'run.started', stepId: null, data: { workflow: 'orders' } },
      { ...second, type: 'step.dispatched', stepId: 'load', data: null },
      { ...third, type: 'step.failed', stepId: 'check', data: { error: { code: 'BAD' } } },
    ]);
  });

  it('does not exist for another tenant: neither the run nor its history', async () => {
    expect(await documents.run('globex', runId)).toBeUndefined();
    expect(await documents.history('globex', runId)).toBeUndefined();
    expect(await documents.run('acme', '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('answers reads that arrive together each with its own run, still scoped to the tenant', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const [own, upper, other, absent] = await Promise.all([
      documents.run('acme', runId),
      documents.run('acme', runId.toUpperCase()),
      documents.run('globex', runId),
      documents.run('acme', missing),
    ]);
    expect(JSON.parse(own ?? 'null')).toMatchObject({ id: runId, tenantId: 'acme' });
    expect(upper).toBe(own);
    expect(other).toBeUndefined();
    expect(absent).toBeUndefined();
  });

  it("gives the gateway's role the views only, not the orchestrator's tables", async () => {
    await expect(gateway.query('SELECT * FROM orchestrator.runs')).rejects.toThrow(/permission denied/);
    await expect(gateway.query('SELECT * FROM orchestrator.step_runs')).rejects.toThrow(/permission denied/);
    await expect(gateway.query('DELETE FROM orchestrator.run_documents')).rejects.toThrow(
      /permission denied|cannot delete from view/,
    );
  });
});
