import type { DataSource } from 'typeorm';
import type { RunStatus, WorkflowDefinition } from '@ensemble/contracts';
import type { RunRecord } from '../../apps/orchestrator/src/engine/run-state';
import { RunsRepository } from '../../apps/orchestrator/src/engine/runs.repository';
import { newRun } from '../../apps/orchestrator/src/runs/runs.service';
import {
  WorkflowsRepository,
  type StoredWorkflow,
} from '../../apps/orchestrator/src/workflows/workflows.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * Tenant scoping of the orchestrator's queries against the real schema. Tenant `acme` always has
 * more and newer rows than `globex`, so a query that forgets its tenant condition returns acme's.
 */
describe('orchestrator repositories scope every read to the tenant', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let db: DataSource;
  let runs: RunsRepository;
  let workflows: WorkflowsRepository;
  const ids: Record<string, string> = {};

  const definition = (name: string, description = 'v'): WorkflowDefinition => ({
    name,
    description,
    steps: [{ id: 'a', capability: 'data' }],
  });

  const insertRun = async (
    tenantId: string,
    workflow: StoredWorkflow,
    status: RunStatus,
    createdAt: string,
    key: string | null = null,
  ): Promise<RunRecord> => {
    const run = { ...newRun(tenantId, workflow, {}, key, 'corr', null), status };
    await db.transaction((tx) => runs.insertRuns(tx, [{ run, steps: workflow.definition.steps }]));
    await db.query('UPDATE runs SET created_at = $2 WHERE id = $1', [run.id, createdAt]);
    return run;
  };

  beforeAll(async () => {
    t = createTestEnv('orch_repos');
    sources = await appDataSources(t, ['orchestrator']);
    db = sourceOf(sources, 'orchestrator');
    runs = new RunsRepository(db);
    workflows = new WorkflowsRepository(db);

    const acmeOrders = await workflows.insertNextVersion('acme', definition('orders'));
    await workflows.insertNextVersion('acme', definition('orders', 'second'));
    await workflows.insertNextVersion('acme', definition('acme-only'));
    const globexOrders = await workflows.insertNextVersion('globex', definition('orders', 'globex'));
    const globexBilling = await workflows.insertNextVersion('globex', definition('billing'));
    ids.globexOrdersDefinition = globexOrders.id;

    ids.acmeRun = (await insertRun('acme', acmeOrders, 'running', '2026-03-01T00:00:00Z', 'same-key')).id;
    await insertRun('acme', acmeOrders, 'failed', '2026-03-02T00:00:00Z');
    ids.globexFailed = (
      await insertRun('globex', globexOrders, 'failed', '2026-01-01T00:00:00Z', 'same-key')
    ).id;
    ids.globexRunning = (await insertRun('globex', globexBilling, 'running', '2026-01-02T00:00:00Z')).id;
    ids.globexSucceeded = (await insertRun('globex', globexOrders, 'succeeded', '2026-01-03T00:00:00Z')).id;
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it("finds a run only in its own tenant: another tenant's id is not found", async () => {
    expect(await runs.findRun('globex', ids.acmeRun)).toBeUndefined();
    expect((await runs.findRun('acme', ids.acmeRun))?.tenantId).toBe('acme');
    expect((await runs.findRun('globex', ids.globexFailed))?.id).toBe(ids.globexFailed);
  });

  it('lists only the tenant’s runs, newest first', async () => {
    const listed = await runs.listRuns('globex', {}, 50);
    expect(listed.map((r) => r.id)).toEqual([ids.globexSucceeded, ids.globexRunning, ids.globexFailed]);
  });

  it.each<[string, Parameters<RunsRepository['listRuns']>[1], string[]]>([
    ['status', { status: 'failed' }, ['globexFailed']],
    ['workflow', { workflow: 'orders' }, ['globexSucceeded', 'globexFailed']],
    ['created after', { createdAfter: '2026-01-02T00:00:00Z' }, ['globexSucceeded', 'globexRunning']],
    ['created before', { createdBefore: '2026-01-02T00:00:00Z' }, ['globexFailed']],
    ['status and workflow', { status: 'running', workflow: 'orders' }, []],
  ])('filters runs by %s within the tenant', async (_, filter, expected) => {
    const listed = await runs.listRuns('globex', filter, 50);
    expect(listed.map((r) => r.id)).toEqual(expected.map((k) => ids[k]));
  });

  it('pages with a limit, continuing strictly after the key of the last run shown', async () => {
    const [first] = await runs.listRuns('globex', {}, 1);
    expect(first.key).toEqual(['2026-01-03T00:00:00.000000Z', ids.globexSucceeded]);
    const page = await runs.listRuns('globex', {}, 1, first.key);
    expect(page.map((r) => r.id)).toEqual([ids.globexRunning]);
  });

  it("finds an idempotency key in the tenant's own runs", async () => {
    expect(await runs.findIdByIdempotencyKey(db.manager, 'globex', 'same-key')).toBe(ids.globexFailed);
    expect(await runs.findIdByIdempotencyKey(db.manager, 'initech', 'same-key')).toBeUndefined();
  });

  it("gets the tenant's latest workflow version, never another tenant's", async () => {
    expect(await workflows.find('globex', 'orders')).toMatchObject({ tenantId: 'globex', version: 1 });
    expect(await workflows.find('globex', 'orders', 2)).toBeUndefined();
    expect(await workflows.find('globex', 'acme-only')).toBeUndefined();
    expect(await workflows.find('acme', 'orders')).toMatchObject({ tenantId: 'acme', version: 2 });
  });

  it("numbers versions per tenant: another tenant's versions do not count", async () => {
    const next = await workflows.insertNextVersion('initech', definition('orders'));
    expect(next.version).toBe(1);
  });

  it("lists only the tenant's workflows, latest version of each or every version of one", async () => {
    const latest = await workflows.listLatest('globex', 50);
    expect(latest.map((w) => [w.tenantId, w.name, w.version])).toEqual([
      ['globex', 'billing', 1],
      ['globex', 'orders', 1],
    ]);
    const versions = await workflows.listVersions('globex', 'orders', 50);
    expect(versions.map((w) => w.id)).toEqual([ids.globexOrdersDefinition]);
    expect(await workflows.listLatest('globex', 50, 'billing')).toMatchObject([{ name: 'orders' }]);
    expect(await workflows.listVersions('acme', 'orders', 50, 2)).toMatchObject([{ version: 1 }]);
  });
});
