import { DomainError } from '@ensemble/contracts';
import type { TransactionRunner, Tx } from '@ensemble/persistence';
import type { NewRuleSet, RuleSetRecord, RuleSetsRepository } from './rule-sets.repository';
import { RuleSetsService } from './rule-sets.service';

type RuleSetsStore = { [K in keyof RuleSetsRepository]: RuleSetsRepository[K] };

/** The repository's contract over an array, so the lifecycle rules can be checked without SQL. */
function inMemoryRuleSets(rows: RuleSetRecord[]): RuleSetsStore {
  const of = (tenantId: string, name: string): RuleSetRecord[] =>
    rows.filter((r) => r.tenantId === tenantId && r.name === name);
  const find = (tenantId: string, name: string, version: number): RuleSetRecord | undefined =>
    of(tenantId, name).find((r) => r.version === version);
  return {
    lockName: () => Promise.resolve(),
    maxVersion: (_tx, tenantId, name) =>
      Promise.resolve(Math.max(0, ...of(tenantId, name).map((r) => r.version))),
    insert: (_tx, ruleSet: NewRuleSet) => {
      const record = { ...ruleSet, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, rows.length)) };
      rows.push(record);
      return Promise.resolve(record);
    },
    setStatus: (_tx, tenantId, name, version, status) => {
      const row = find(tenantId, name, version);
      if (!row) throw new Error('missing row');
      row.status = status;
      return Promise.resolve(row);
    },
    archiveActive: (_tx, tenantId, name) => {
      for (const row of of(tenantId, name)) if (row.status === 'active') row.status = 'archived';
      return Promise.resolve();
    },
    find: (tenantId, name, version) => Promise.resolve(find(tenantId, name, version)),
    findLatest: (tenantId, name) =>
      Promise.resolve(of(tenantId, name).sort((a, b) => b.version - a.version)[0]),
    findActiveVersion: (tenantId, name) =>
      Promise.resolve(of(tenantId, name).find((r) => r.status === 'active')?.version),
    list: (tenantId) => Promise.resolve(rows.filter((r) => r.tenantId === tenantId).reverse()),
  };
}

const body = { rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] };

function setup(): { service: RuleSetsService; rows: RuleSetRecord[]; repository: RuleSetsRepository } {
  const rows: RuleSetRecord[] = [];
  const transactions = { run: <T>(work: (tx: Tx) => Promise<T>) => work({} as Tx) };
  const repository = inMemoryRuleSets(rows) as RuleSetsRepository;
  return { service: new RuleSetsService(transactions as TransactionRunner, repository), rows, repository };
}

function statuses(rows: RuleSetRecord[]): string[] {
  return rows.map((r) => `${r.name}@${r.version}:${r.status}`);
}

describe('RuleSetsService', () => {
  it('numbers versions per tenant and name, as drafts unless activated', async () => {
    const { service, rows } = setup();
    await service.create('t1', { name: 'orders', body });
    const second = await service.create('t1', { name: 'orders', body, activate: true });
    await service.create('t2', { name: 'orders', body });
    expect(second).toMatchObject({ name: 'orders', version: 2, status: 'active', body });
    expect(statuses(rows)).toEqual(['orders@1:draft', 'orders@2:active', 'orders@1:draft']);
  });

  it('archives the previous active version when another is activated', async () => {
    const { service, rows } = setup();
    await service.create('t1', { name: 'orders', body, activate: true });
    await service.create('t1', { name: 'orders', body });
    await service.activate('t1', { name: 'orders', version: 2 });
    await service.create('t1', { name: 'orders', body, activate: true });
    expect(statuses(rows)).toEqual(['orders@1:archived', 'orders@2:archived', 'orders@3:active']);
  });

  it('refuses to reactivate an archived version', async () => {
    const { service } = setup();
    await service.create('t1', { name: 'orders', body });
    await service.archive('t1', { name: 'orders', version: 1 });
    await expect(service.activate('t1', { name: 'orders', version: 1 })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('rejects bad rules with every problem and its path', async () => {
    const { service, rows } = setup();
    const badShape = { rules: [{ id: 'a', all: [{ path: 'x', op: 'like' }] }, { id: 7 }] };
    const failure = service.create('t1', { name: 'orders', body: badShape });
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules[0].all[0].op' }, { path: 'body.rules[1].id' }],
    });
    const badMeaning = { rules: [{ id: 'a', all: [{ path: 'x', op: 'gt' }] }, { id: 'b' }] };
    await expect(service.create('t1', { name: 'orders', body: badMeaning })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules[0].all[0].value' }, { path: 'body.rules[1]' }],
    });
    expect(rows).toEqual([]);
  });

  it("gets the latest version by default, looking in the caller's tenant, and NOT_FOUND when absent", async () => {
    const { service, repository } = setup();
    await service.create('t1', { name: 'orders', body });
    await service.create('t1', { name: 'orders', body });
    await expect(service.get('t1', { name: 'orders' })).resolves.toMatchObject({ version: 2 });
    const findLatest = jest.spyOn(repository, 'findLatest').mockResolvedValue(undefined);
    await expect(service.get('t2', { name: 'orders' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The tenant condition itself is the query's: test/medium/resource-repositories.test.ts.
    expect(findLatest.mock.calls).toEqual([['t2', 'orders']]);
    findLatest.mockRestore();
    await expect(service.get('t1', { name: 'orders', version: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
