import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DatasetsRepository } from '../../apps/data-agent/src/datasets/datasets.repository';
import { TransformationsRepository } from '../../apps/data-agent/src/transformations/transformations.repository';
import type { DecisionTable } from '../../apps/decision-agent/src/decision/decision-table';
import { DecisionTablesRepository } from '../../apps/decision-agent/src/decision-tables/decision-tables.repository';
import { ApiKeysRepository } from '../../apps/gateway/src/api-keys/api-keys.repository';
import type { RuleSetBody } from '../../apps/validation-agent/src/rules/rule-types';
import { RuleSetsRepository } from '../../apps/validation-agent/src/rule-sets/rule-sets.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const tableBody = (marker: string): DecisionTable => ({ marker }) as unknown as DecisionTable;
const ruleSetBody = (tenantId: string): RuleSetBody => ({ tenantId }) as unknown as RuleSetBody;

/**
 * Tenant scoping of the gateway's and the agents' queries against the real schemas. `acme` holds
 * the same names as `globex` with more versions, so a query without its tenant condition leaks.
 */
describe('resource repositories scope every read and write to the tenant', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let keys: ApiKeysRepository;
  let ruleSets: RuleSetsRepository;
  let tables: DecisionTablesRepository;
  let datasets: DatasetsRepository;
  let transformations: TransformationsRepository;
  const acmeKey = randomUUID();
  const acmeDataset = randomUUID();

  beforeAll(async () => {
    t = createTestEnv('res_repos');
    sources = await appDataSources(t, ['gateway', 'validation', 'decision', 'data']);
    keys = new ApiKeysRepository(sourceOf(sources, 'gateway'));
    ruleSets = new RuleSetsRepository(sourceOf(sources, 'validation'));
    tables = new DecisionTablesRepository(sourceOf(sources, 'decision'));
    datasets = new DatasetsRepository(sourceOf(sources, 'data'));
    transformations = new TransformationsRepository(sourceOf(sources, 'data'));

    const key = (id: string, tenantId: string, name: string): Parameters<ApiKeysRepository['insert']>[0] => ({
      id,
      tenantId,
      name,
      role: 'admin',
      keyHash: randomUUID(),
      prefix: 'ens_abcd',
    });
    await keys.insert(key(acmeKey, 'acme', 'acme-ci'));
    await keys.insert(key(randomUUID(), 'globex', 'globex-ci'));

    const validation = sourceOf(sources, 'validation');
    const decision = sourceOf(sources, 'decision');
    for (const [tenantId, versions] of [
      ['acme', [1, 2]],
      ['globex', [1]],
    ] as const) {
      for (const version of versions) {
        const status = version === 1 ? 'active' : 'draft';
        await validation.transaction((tx) =>
          ruleSets.insert(tx, { tenantId, name: 'rules', version, status, body: ruleSetBody(tenantId) }),
        );
        await decision.transaction((tx) =>
          tables.insert(tx, { tenantId, name: 'table', version, status, body: tableBody(tenantId) }),
        );
      }
    }
    const data = sourceOf(sources, 'data');
    await data.transaction((tx) =>
      datasets.insert(tx, {
        id: acmeDataset,
        tenantId: 'acme',
        name: 'people',
        format: 'json',
        recordCount: 0,
      }),
    );
    await transformations.insert('acme', randomUUID(), 'upper', '$uppercase(name)');
    await transformations.insert('acme', randomUUID(), 'acme-only', 'x');
    await transformations.insert('globex', randomUUID(), 'upper', '$lowercase(name)');
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it("lists only the tenant's API keys", async () => {
    expect((await keys.listByTenant('globex', 50)).map((k) => k.name)).toEqual(['globex-ci']);
  });

  it("cannot revoke another tenant's API key, and can revoke its own", async () => {
    expect(await keys.revoke('globex', acmeKey)).toBe(false);
    expect((await keys.findById(acmeKey))?.revokedAt).toBeNull();
    expect(await keys.revoke('acme', acmeKey)).toBe(true);
    expect((await keys.findById(acmeKey))?.revokedAt).not.toBeNull();
  });

  it("reads only the tenant's rule sets", async () => {
    expect(await ruleSets.findLatest('globex', 'rules')).toMatchObject({ tenantId: 'globex', version: 1 });
    expect(await ruleSets.find('globex', 'rules', 2)).toBeUndefined();
    expect(await ruleSets.activeVersion('globex', 'rules')).toBe(1);
    expect((await ruleSets.list('globex', undefined, 50)).map((r) => [r.tenantId, r.version])).toEqual([
      ['globex', 1],
    ]);
    expect((await ruleSets.list('globex', 'rules', 50)).map((r) => r.tenantId)).toEqual(['globex']);
    const tx = sourceOf(sources!, 'validation').manager;
    expect(await ruleSets.nextVersion(tx, 'globex', 'rules')).toBe(2);
  });

  it("changes only the tenant's rule sets", async () => {
    const validation = sourceOf(sources!, 'validation');
    await expect(
      validation.transaction((tx) =>
        ruleSets.setStatus(tx, 'globex', { name: 'rules', version: 2 }, 'active'),
      ),
    ).rejects.toThrow();
    await validation.transaction((tx) => ruleSets.archiveActive(tx, 'globex', 'rules'));
    expect(await ruleSets.activeVersion('acme', 'rules')).toBe(1);
    expect(await ruleSets.activeVersion('globex', 'rules')).toBeUndefined();
  });

  it("reads only the tenant's decision tables", async () => {
    expect(await tables.findLatest('globex', 'table')).toMatchObject({
      version: 1,
      body: { marker: 'globex' },
    });
    expect(await tables.find('globex', 'table', 2)).toBeUndefined();
    expect(await tables.activeVersion('globex', 'table')).toBe(1);
    expect((await tables.list('globex', undefined, 50)).map((v) => v.body)).toEqual([{ marker: 'globex' }]);
    const tx = sourceOf(sources!, 'decision').manager;
    expect(await tables.nextVersion(tx, 'globex', 'table')).toBe(2);
  });

  it("changes only the tenant's decision tables", async () => {
    const decision = sourceOf(sources!, 'decision');
    await expect(
      decision.transaction((tx) => tables.setStatus(tx, 'globex', { name: 'table', version: 2 }, 'active')),
    ).rejects.toThrow();
    await decision.transaction((tx) => tables.archiveActive(tx, 'globex', 'table'));
    expect(await tables.activeVersion('acme', 'table')).toBe(1);
    expect(await tables.activeVersion('globex', 'table')).toBeUndefined();
  });

  it("reads only the tenant's datasets and transformations", async () => {
    expect(await datasets.list('globex', 50)).toEqual([]);
    expect(await datasets.find('globex', acmeDataset)).toBeUndefined();
    expect((await datasets.find('acme', acmeDataset))?.name).toBe('people');
    expect((await transformations.list('globex', 50)).map((x) => x.name)).toEqual(['upper']);
    expect((await transformations.list('acme', 50, 'acme-only')).map((x) => x.name)).toEqual(['upper']);
    expect(await transformations.findExpression('globex', 'upper')).toBe('$lowercase(name)');
    expect(await transformations.findExpression('globex', 'acme-only')).toBeUndefined();
  });

  it("lets a tenant reuse another tenant's names", async () => {
    const data = sourceOf(sources!, 'data');
    const created = await data.transaction((tx) =>
      datasets.insert(tx, {
        id: randomUUID(),
        tenantId: 'globex',
        name: 'people',
        format: 'csv',
        recordCount: 0,
      }),
    );
    expect(created?.name).toBe('people');
  });
});
