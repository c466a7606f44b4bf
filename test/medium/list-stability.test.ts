import type { DataSource } from 'typeorm';
import type { Page, WorkflowDefinition } from '@ensemble/contracts';
import { TransactionRunner } from '@ensemble/persistence';
import { ApiKeysRepository } from '../../apps/gateway/src/api-keys/api-keys.repository';
import { ApiKeysService } from '../../apps/gateway/src/api-keys/api-keys.service';
import { RunsRepository } from '../../apps/orchestrator/src/engine/runs.repository';
import { listRunPage } from '../../apps/orchestrator/src/runs/run-list';
import { RuleSetsRepository } from '../../apps/validation-agent/src/rule-sets/rule-sets.repository';
import { RuleSetsService } from '../../apps/validation-agent/src/rule-sets/rule-sets.service';
import { newRun } from '../../apps/orchestrator/src/runs/runs.service';
import {
  WorkflowsRepository,
  type StoredWorkflow,
} from '../../apps/orchestrator/src/workflows/workflows.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const definition: WorkflowDefinition = { name: 'orders', steps: [{ id: 'a', capability: 'data' }] };

/** Every page of a list, reading the next page while `meanwhile` writes new items. */
async function pageThrough<T>(
  read: (cursor?: string) => Promise<Page<T>>,
  meanwhile: () => Promise<unknown>,
  idOf: (item: T) => string = (item) => (item as { id: string }).id,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const [page] = await Promise.all([read(cursor), meanwhile()]);
    ids.push(...page.items.map(idOf));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

async function planOf(db: DataSource, query: string): Promise<string> {
  return db.transaction(async (tx) => {
    // The tables are small enough for a sequential scan to win; ask what the index can do.
    await tx.query('SET LOCAL enable_seqscan = off');
    await tx.query('SET LOCAL enable_bitmapscan = off');
    const rows: { 'QUERY PLAN': string }[] = await tx.query(`EXPLAIN ${query}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/**
 * Keyset lists against the real schemas: items written while a client pages neither repeat an item
 * nor push one off its page, and each page is an index range.
 */
describe('lists stay stable while new items are written', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let orchestrator: DataSource;
  let gateway: DataSource;
  let runs: RunsRepository;
  let workflow: StoredWorkflow;
  let keys: ApiKeysService;
  let ruleSets: RuleSetsService;

  const startRuns = (count: number): Promise<Set<string>> =>
    orchestrator.transaction((tx) =>
      runs.insertRuns(
        tx,
        Array.from({ length: count }, () => ({
          run: newRun('acme', workflow, {}, null, 'corr', null),
          steps: workflow.definition.steps,
        })),
      ),
    );

  beforeAll(async () => {
    t = createTestEnv('list_stable');
    sources = await appDataSources(t, ['orchestrator', 'gateway', 'validation', 'decision', 'data']);
    orchestrator = sourceOf(sources, 'orchestrator');
    gateway = sourceOf(sources, 'gateway');
    runs = new RunsRepository(orchestrator);
    workflow = await new WorkflowsRepository(orchestrator).insertNextVersion('acme', definition);
    keys = new ApiKeysService(new ApiKeysRepository(gateway));
    const validation = sourceOf(sources, 'validation');
    ruleSets = new RuleSetsService(new TransactionRunner(validation), new RuleSetsRepository(validation));
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('pages through the runs that existed at the first read exactly once while runs start', async () => {
    // Runs started in one transaction share their creation time: the id orders them.
    for (let batch = 0; batch < 6; batch += 1) await startRuns(4);
    const existing = (await listRunPage(runs, 'acme', {}, 500)).items.map((r) => r.id);
    expect(existing).toHaveLength(24);

    const seen = await pageThrough(
      (cursor) => listRunPage(runs, 'acme', {}, 5, cursor),
      () => startRuns(3),
    );

    expect(seen).toEqual(existing);
  });

  it('pages through the API keys that existed at the first read exactly once while keys are created', async () => {
    for (let i = 0; i < 17; i += 1) await keys.create('acme', `key-${i}`, 'viewer');
    const existing = (await keys.list('acme', 500)).items.map((k) => k.id);

    let created = 0;
    const seen = await pageThrough(
      (cursor) => keys.list('acme', 4, cursor),
      () => keys.create('acme', `meanwhile-${(created += 1)}`, 'viewer'),
    );

    expect(seen).toEqual(existing);
  });

  it('pages through the rule set versions that existed at the first read exactly once while versions are created', async () => {
    const body = { rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] };
    // Versions created in one transaction would share a creation time; these differ by name and version.
    for (const name of ['b', 'a', 'c', 'b', 'a', 'b', 'd']) await ruleSets.create('acme', { name, body });
    const versionOf = (v: { name: string; version: number }): string => `${v.name}@${v.version}`;
    const existing = (await ruleSets.list('acme', { limit: 500 })).items.map(versionOf);
    expect(existing).toHaveLength(7);

    let created = 0;
    const seen = await pageThrough(
      (cursor) => ruleSets.list('acme', { limit: 2, ...(cursor === undefined ? {} : { cursor }) }),
      () => ruleSets.create('acme', { name: `new-${(created += 1) % 2}`, body }),
      versionOf,
    );

    expect(seen).toEqual(existing);
    const ofB = (await ruleSets.list('acme', { name: 'b', limit: 2 })).items.map(versionOf);
    expect(ofB).toEqual(['b@3', 'b@2']);
  });

  it.each([
    ['runs', 'runs_by_tenant_created', ''],
    ['runs of a status', 'runs_by_tenant_status', `AND status = 'running'`],
    ['runs of a workflow', 'runs_by_tenant_workflow', `AND workflow = 'orders'`],
  ])('reads a page of %s after a cursor from an index, without sorting', async (_what, index, filter) => {
    const plan = await planOf(
      orchestrator,
      `SELECT id FROM runs WHERE tenant_id = 'acme' ${filter}
         AND (created_at, id) < ('2026-01-01T00:00:00Z'::timestamptz, '${workflow.id}'::uuid)
       ORDER BY created_at DESC, id DESC LIMIT 51`,
    );
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan using ${index}`));
    expect(plan).not.toMatch(/Sort/);
  });

  it('reads a page of API keys after a cursor from an index, without sorting', async () => {
    const plan = await planOf(
      gateway,
      `SELECT id FROM api_keys WHERE tenant_id = 'acme'
         AND (created_at, id) < ('2026-01-01T00:00:00Z'::timestamptz, '${workflow.id}'::uuid)
       ORDER BY created_at DESC, id DESC LIMIT 51`,
    );
    expect(plan).toMatch(/Index (Only )?Scan using api_keys_tenant_created/);
    expect(plan).not.toMatch(/Sort/);
  });

  const AFTER = `'2026-01-01T00:00:00Z'::timestamptz`;
  it.each([
    [
      'validation',
      'rule_sets_recent',
      `SELECT name FROM rule_sets WHERE tenant_id = 'acme' AND (created_at, name, version) < (${AFTER}, 'm', 3)
       ORDER BY created_at DESC, name DESC, version DESC LIMIT 51`,
    ],
    [
      'validation',
      'rule_sets_by_name',
      `SELECT name FROM rule_sets WHERE tenant_id = 'acme' AND name = 'm' AND (created_at, name, version) < (${AFTER}, 'm', 3)
       ORDER BY created_at DESC, name DESC, version DESC LIMIT 51`,
    ],
    [
      'decision',
      'decision_tables_recent',
      `SELECT name FROM decision_tables WHERE tenant_id = 'acme' AND (created_at, name, version) < (${AFTER}, 'm', 3)
       ORDER BY created_at DESC, name DESC, version DESC LIMIT 51`,
    ],
    [
      'decision',
      'decision_tables_by_name',
      `SELECT name FROM decision_tables WHERE tenant_id = 'acme' AND name = 'm' AND (created_at, name, version) < (${AFTER}, 'm', 3)
       ORDER BY created_at DESC, name DESC, version DESC LIMIT 51`,
    ],
    [
      'data',
      'datasets_tenant_created',
      `SELECT id FROM datasets WHERE tenant_id = 'acme' AND (created_at, id) < (${AFTER}, gen_random_uuid())
       ORDER BY created_at DESC, id DESC LIMIT 51`,
    ],
    [
      'data',
      'transformations_tenant_id_name_key',
      `SELECT id FROM transformations WHERE tenant_id = 'acme' AND name > 'm' ORDER BY name LIMIT 51`,
    ],
    [
      'orchestrator',
      'workflow_definitions_latest',
      `SELECT DISTINCT ON (name) id FROM workflow_definitions WHERE tenant_id = 'acme' AND name > 'm'
       ORDER BY name, version DESC LIMIT 51`,
    ],
    [
      'orchestrator',
      'workflow_definitions_latest',
      `SELECT id FROM workflow_definitions WHERE tenant_id = 'acme' AND name = 'm' AND version < 9
       ORDER BY version DESC LIMIT 51`,
    ],
  ])('reads a keyset page of the %s schema from %s, without sorting', async (schema, index, query) => {
    const plan = await planOf(sourceOf(sources!, schema), query);
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan( Backward)? using ${index}`));
    expect(plan).not.toMatch(/Sort/);
  });
});
