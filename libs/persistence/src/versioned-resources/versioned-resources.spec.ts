import { DomainError } from '@ensemble/contracts';
import type { TransactionRunner, Tx } from '../transaction-runner';
import type {
  ListedVersion,
  NewVersionedRecord,
  VersionedRecord,
  VersionedResourceStore,
} from './versioned-resource.store';
import { lifecycleStep, VersionedResources } from './versioned-resources';

type Body = { rules: string[] };
type Store = { [K in keyof VersionedResourceStore<Body>]: VersionedResourceStore<Body>[K] };

/** The store's contract over an array, so the lifecycle rules can be checked without SQL. */
function inMemoryStore(rows: VersionedRecord<Body>[]): Store {
  const of = (tenantId: string, name: string): VersionedRecord<Body>[] =>
    rows.filter((r) => r.tenantId === tenantId && r.name === name);
  const find = (tenantId: string, name: string, version: number): VersionedRecord<Body> | undefined =>
    of(tenantId, name).find((r) => r.version === version);
  const keyOf = (r: VersionedRecord<Body>): ListedVersion<Body>['key'] => [
    r.createdAt.toISOString().replace('Z', '000Z'),
    r.name,
    r.version,
  ];
  const newestFirst = (a: VersionedRecord<Body>, b: VersionedRecord<Body>): number =>
    b.createdAt.getTime() - a.createdAt.getTime() || b.name.localeCompare(a.name) || b.version - a.version;
  return {
    lockName: () => Promise.resolve(),
    nextVersion: (_tx, tenantId, name) =>
      Promise.resolve(Math.max(0, ...of(tenantId, name).map((r) => r.version)) + 1),
    insert: (_tx, record: NewVersionedRecord<Body>) => {
      const stored = { ...record, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, rows.length)) };
      rows.push(stored);
      return Promise.resolve(stored);
    },
    setStatus: (_tx, tenantId, ref, status) => {
      const row = find(tenantId, ref.name, ref.version);
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
    activeVersion: (tenantId, name) =>
      Promise.resolve(of(tenantId, name).find((r) => r.status === 'active')?.version),
    list: (tenantId, name, limit, after) => {
      const listed = rows
        .filter((r) => r.tenantId === tenantId && (name === undefined || r.name === name))
        .sort(newestFirst)
        .map((r) => ({ ...r, key: keyOf(r) }))
        .filter((r) => after === undefined || JSON.stringify(r.key) < JSON.stringify(after));
      return Promise.resolve(listed.slice(0, limit));
    },
  };
}

const body: Body = { rules: ['a'] };

function check(value: unknown): Body {
  if (typeof value !== 'object' || value === null || !('rules' in value))
    throw new DomainError('VALIDATION_FAILED', 'invalid body', [{ path: 'body.rules', message: 'required' }]);
  return value as Body;
}

function setup(): { resources: VersionedResources<Body>; rows: VersionedRecord<Body>[]; store: Store } {
  const rows: VersionedRecord<Body>[] = [];
  const transactions = { run: <T>(work: (tx: Tx) => Promise<T>) => work({} as Tx) };
  const store = inMemoryStore(rows);
  const resources = new VersionedResources(
    transactions as TransactionRunner,
    store as VersionedResourceStore<Body>,
    { noun: 'thing', check },
  );
  return { resources, rows, store };
}

function statuses(rows: VersionedRecord<Body>[]): string[] {
  return rows.map((r) => `${r.name}@${r.version}:${r.status}`);
}

describe('lifecycleStep', () => {
  it('moves a draft to active or archived, and an active version to archived', () => {
    expect(lifecycleStep('draft', 'active')).toBe('apply');
    expect(lifecycleStep('draft', 'archived')).toBe('apply');
    expect(lifecycleStep('active', 'archived')).toBe('apply');
  });

  it('treats a repeated request as done', () => {
    expect(lifecycleStep('active', 'active')).toBe('unchanged');
    expect(lifecycleStep('archived', 'archived')).toBe('unchanged');
  });

  it('never brings an archived version back', () => {
    expect(lifecycleStep('archived', 'active')).toBe('forbidden');
  });
});

describe('VersionedResources', () => {
  it('numbers versions per tenant and name, as drafts unless activated', async () => {
    const { resources, rows } = setup();
    await resources.create('t1', { name: 'orders', body });
    const second = await resources.create('t1', { name: 'orders', body, activate: true });
    await resources.create('t2', { name: 'orders', body });
    expect(second).toMatchObject({ name: 'orders', version: 2, status: 'active', body });
    expect(statuses(rows)).toEqual(['orders@1:draft', 'orders@2:active', 'orders@1:draft']);
  });

  it('archives the previous active version when another is activated', async () => {
    const { resources, rows } = setup();
    await resources.create('t1', { name: 'orders', body, activate: true });
    await resources.create('t1', { name: 'orders', body });
    await resources.activate('t1', { name: 'orders', version: 2 });
    expect(statuses(rows)).toEqual(['orders@1:archived', 'orders@2:active']);
    await resources.create('t1', { name: 'orders', body, activate: true });
    expect(statuses(rows)).toEqual(['orders@1:archived', 'orders@2:archived', 'orders@3:active']);
  });

  it('refuses to reactivate an archived version, and archives an archived one again without change', async () => {
    const { resources } = setup();
    await resources.create('t1', { name: 'orders', body });
    await resources.archive('t1', { name: 'orders', version: 1 });
    await expect(resources.archive('t1', { name: 'orders', version: 1 })).resolves.toMatchObject({
      status: 'archived',
    });
    await expect(resources.activate('t1', { name: 'orders', version: 1 })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('stores nothing when the kind refuses the body', async () => {
    const { resources, rows } = setup();
    await expect(resources.create('t1', { name: 'orders', body: 5 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules' }],
    });
    expect(rows).toEqual([]);
  });

  it('gets the latest version by default, and NOT_FOUND for an absent name, version or change', async () => {
    const { resources } = setup();
    await resources.create('t1', { name: 'orders', body });
    await resources.create('t1', { name: 'orders', body });
    await expect(resources.get('t1', 'orders')).resolves.toMatchObject({ version: 2 });
    await expect(resources.get('t2', 'orders')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resources.get('t1', 'orders', 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resources.activate('t1', { name: 'orders', version: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('resolves a pinned version as given, else the active one', async () => {
    const { resources } = setup();
    await resources.create('t1', { name: 'orders', body });
    expect(await resources.resolveVersion('t1', 'orders')).toBeUndefined();
    await resources.activate('t1', { name: 'orders', version: 1 });
    expect(await resources.resolveVersion('t1', 'orders')).toBe(1);
    expect(await resources.resolveVersion('t1', 'orders', 7)).toBe(7);
  });

  it('lists newest first in keyset pages, refusing a cursor of another kind', async () => {
    const { resources } = setup();
    for (const name of ['a', 'b', 'c']) await resources.create('t1', { name, body });
    const first = await resources.list('t1', { limit: 2 });
    expect(first.items.map((v) => v.name)).toEqual(['c', 'b']);
    const second = await resources.list('t1', { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [{ name: 'a' }], nextCursor: null });

    const other = setup();
    other.resources = new VersionedResources(
      {} as TransactionRunner,
      other.store as VersionedResourceStore<Body>,
      {
        noun: 'other thing',
        check,
      },
    );
    await expect(other.resources.list('t1', { cursor: first.nextCursor ?? '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'cursor' }],
    });
  });
});
