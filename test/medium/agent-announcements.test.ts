import type { DataSource } from 'typeorm';
import type { AgentView } from '@ensemble/contracts';
import { AgentsRepository, type Announcement } from '../../apps/registry/src/agents/agents.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const t0 = new Date('2026-12-02T12:00:00.000Z').getTime();
const at = (seconds: number): Date => new Date(t0 + seconds * 1000);

const announcement = (
  agentId: string,
  seconds: number,
  registration = false,
  principal = 'p.agent.acme',
): Announcement => ({
  agent: {
    agentId,
    name: agentId.split('@')[0] ?? agentId,
    version: '1.0.0',
    capabilities: ['acme.ocr'],
    concurrency: 1,
    host: null,
    health: 'healthy',
    heardAt: at(seconds),
    tenantId: 'acme',
    principal,
  },
  registration,
});

/** Announcements recorded many to a statement, against the real registry schema. */
describe('recording agent announcements in batches', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let agents: AgentsRepository;

  const view = async (agentId: string): Promise<AgentView | undefined> =>
    (await agents.list('acme', {}, undefined, 1000)).find((a) => a.agentId === agentId);

  beforeAll(async () => {
    t = createTestEnv('agent_batch');
    sources = await appDataSources(t, ['registry']);
    agents = new AgentsRepository(sourceOf(sources, 'registry'));
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('records every agent of a large batch', async () => {
    const batch = Array.from({ length: 300 }, (_, i) => announcement(`bulk@pod-${i}`, 0, true));
    await agents.recordMany(batch);

    expect(
      (await agents.list('acme', {}, 'bulk@', 500)).filter((a) => a.agentId.startsWith('bulk@')),
    ).toHaveLength(300);
  });

  it('applies a registration and a later heartbeat of one agent in the same batch in order', async () => {
    await agents.recordMany([announcement('twice@pod', 1, true), announcement('twice@pod', 6)]);

    expect(await view('twice@pod')).toMatchObject({
      registeredAt: at(1).toISOString(),
      lastHeartbeatAt: at(6).toISOString(),
    });
  });

  it('never moves a heartbeat back when an older one arrives later in the batch', async () => {
    await agents.recordMany([announcement('late@pod', 10, true), announcement('late@pod', 5)]);

    expect((await view('late@pod'))?.lastHeartbeatAt).toBe(at(10).toISOString());
  });

  it('leaves an agent alone when another principal announces its id, and records the rest of the batch', async () => {
    await agents.recordMany([announcement('owned@pod', 1, true)]);
    await agents.recordMany([
      announcement('owned@pod', 20, false, 'p.agent.rogue'),
      announcement('next@pod', 20, true),
    ]);

    expect((await view('owned@pod'))?.lastHeartbeatAt).toBe(at(1).toISOString());
    expect(await view('next@pod')).toBeDefined();
  });

  it('runs concurrent batches over the same agents, in any order, without deadlocking', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `shared@pod-${i}`);
    await Promise.all(
      Array.from({ length: 6 }, (_, k) => {
        const order = k % 2 === 0 ? ids : [...ids].reverse();
        return agents.recordMany(order.map((id) => announcement(id, 30 + k)));
      }),
    );

    expect((await view('shared@pod-0'))?.lastHeartbeatAt).toBe(at(35).toISOString());
  });

  it('forgets an offline agent a restart on the same host replaced, and keeps its live siblings', async () => {
    const on = (a: Announcement, host: string, health: 'healthy' | 'offline' = 'healthy'): Announcement => ({
      ...a,
      agent: { ...a.agent, name: 'restart', host, health },
    });
    // pod-a's process 1 stopped at 10 s; process 2 registered at 12 s on the same host.
    await agents.recordMany([on(announcement('restart@a-1', 0, true), 'pod-a')]);
    await agents.recordMany([on(announcement('restart@a-1', 10), 'pod-a', 'offline')]);
    await agents.recordMany([on(announcement('restart@a-2', 12, true), 'pod-a')]);
    // pod-b runs two at once: the one that died (at 30 s) was not replaced by the one started at 5 s.
    await agents.recordMany([on(announcement('restart@b-1', 0, true), 'pod-b')]);
    await agents.recordMany([on(announcement('restart@b-2', 5, true), 'pod-b')]);
    await agents.recordMany([on(announcement('restart@b-1', 30), 'pod-b', 'offline')]);
    // pod-c: another broker user's agent of the same name registered later; not its successor.
    await agents.recordMany([on(announcement('restart@c-1', 0, true), 'pod-c')]);
    await agents.recordMany([on(announcement('restart@c-1', 10), 'pod-c', 'offline')]);
    await agents.recordMany([on(announcement('restart@c-2', 12, true, 'p.agent.other'), 'pod-c')]);

    expect(await agents.forgetOffline(at(-3600))).toBe(1);

    const left = (await agents.list('acme', {}, 'restart@', 100)).map((a) => a.agentId);
    expect(left.filter((id) => id.startsWith('restart@'))).toEqual([
      'restart@a-2',
      'restart@b-1',
      'restart@b-2',
      'restart@c-1',
      'restart@c-2',
    ]);
    expect(await agents.forgetOffline(at(60))).toBe(2);
  });
});

/** In a database of its own: the table's update counters then count this test's updates only. */
describe('heartbeats', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let agents: AgentsRepository;

  beforeAll(async () => {
    t = createTestEnv('agent_hot');
    sources = await appDataSources(t, ['registry']);
    agents = new AgentsRepository(sourceOf(sources, 'registry'));
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('are recorded as in-place (HOT) updates, which write no index entries', async () => {
    await agents.recordMany([announcement('hot@pod', 100, true)]);
    for (let i = 1; i <= 20; i += 1) await agents.recordMany([announcement('hot@pod', 100 + i)]);
    const registry = sourceOf(sources!, 'registry');

    // Statistics reach pg_stat_user_tables within a second or so of each transaction.
    const counts = await eventually(
      async () => {
        await registry.query('SELECT pg_stat_clear_snapshot()');
        const [row]: { upd: string; hot: string }[] = await registry.query(
          `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'agents'`,
        );
        return Number(row.upd) >= 20 ? { updates: Number(row.upd), hot: Number(row.hot) } : undefined;
      },
      'update statistics of agents',
      15_000,
      500,
    );
    expect(counts.hot / counts.updates).toBeGreaterThan(0.9);
  });
});
