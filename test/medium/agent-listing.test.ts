import type { DataSource } from 'typeorm';
import type { AgentListRequest, AgentView, Page } from '@ensemble/contracts';
import { agentPage, agentPageSize, decodeAgentCursor } from '../../apps/registry/src/agents/agent-paging';
import { AgentsRepository, type AgentRecord } from '../../apps/registry/src/agents/agents.repository';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const at = new Date('2026-12-02T12:00:00.000Z');

/** Agent ids in byte order, as Postgres `COLLATE "C"` sorts them. */
const byteOrder = (ids: string[]): string[] =>
  [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

const agentRecord = (
  agentId: string,
  tenantId: string | null,
  overrides: Partial<AgentRecord> = {},
): AgentRecord => ({
  agentId,
  name: agentId.split('@')[0] ?? agentId,
  version: '1.0.0',
  capabilities:
    tenantId === null ? ['data'] : [agentId.length % 2 === 0 ? `${tenantId}.even` : `${tenantId}.odd`],
  concurrency: 1,
  host: null,
  health: 'healthy',
  heardAt: at,
  tenantId,
  principal: tenantId === null ? 'p.data-agent' : `p.agent.${tenantId}`,
  ...overrides,
});

/**
 * Keyset pages of `agent.list` against the real registry schema: what the registry service does
 * per request (decode the cursor, read one row more than the page, encode the next cursor).
 */
describe('agent listing, a page at a time', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let agents: AgentsRepository;
  const fleet: string[] = [];
  const acme: string[] = [];
  const globex: string[] = [];

  const page = async (tenantId: string, request: AgentListRequest): Promise<Page<AgentView>> => {
    const size = agentPageSize(request.limit);
    return agentPage(await agents.list(tenantId, request, decodeAgentCursor(request.cursor), size + 1), size);
  };

  /** Every page in turn; `between` runs after each page is read, before the next. */
  const pageThrough = async (
    tenantId: string,
    request: AgentListRequest,
    between: (pageNumber: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<{ ids: string[]; pages: number }> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const current = await page(tenantId, { ...request, ...(cursor === undefined ? {} : { cursor }) });
      pages += 1;
      ids.push(...current.items.map((a) => a.agentId));
      cursor = current.nextCursor ?? undefined;
      await between(pages);
    } while (cursor !== undefined);
    return { ids, pages };
  };

  beforeAll(async () => {
    t = createTestEnv('agent_list');
    sources = await appDataSources(t, ['registry']);
    agents = new AgentsRepository(sourceOf(sources, 'registry'));
    // Mixed case, digits and non-ASCII, so byte order differs from a locale's order.
    for (let i = 0; i < 45; i += 1)
      fleet.push(`${['Data', 'data', 'décision', 'Zeta'][i % 4]}-agent@host-${i}`);
    for (let i = 0; i < 70; i += 1) acme.push(`${['acme', 'Acme', 'ácme', '0acme'][i % 4]}-worker@pod-${i}`);
    for (let i = 0; i < 40; i += 1) globex.push(`globex-worker@pod-${i}`);
    for (const id of fleet) await agents.record(agentRecord(id, null), true);
    for (const id of acme) await agents.record(agentRecord(id, 'acme'), true);
    for (const id of globex) await agents.record(agentRecord(id, 'globex'), true);
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it("lists the fleet's agents and the tenant's own, each exactly once, in byte order across pages", async () => {
    const listed = await pageThrough('acme', { limit: 50 });

    expect(listed.pages).toBe(3);
    expect(listed.ids).toEqual(byteOrder([...fleet, ...acme]));
  });

  it('answers the default page size when no limit is given', async () => {
    const first = await page('globex', {});

    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
  });

  it('never repeats or skips an agent that registers or heartbeats between two page reads', async () => {
    const before = byteOrder([...fleet, ...globex]);
    const added: string[] = [];
    const listed = await pageThrough('globex', { limit: 20 }, async (pageNumber) => {
      // One id that sorts before every listed one, one after all of them.
      for (const id of [`!early-${pageNumber}@x`, `~late-${pageNumber}@x`]) {
        await agents.record(agentRecord(id, 'globex'), true);
        added.push(id);
      }
      for (const id of before)
        await agents.record(
          agentRecord(id, id.startsWith('globex') ? 'globex' : null, {
            heardAt: new Date(at.getTime() + pageNumber),
          }),
          false,
        );
    });

    expect(new Set(listed.ids).size).toBe(listed.ids.length);
    expect(listed.ids.filter((id) => !added.includes(id))).toEqual(before);
    expect(listed.ids.filter((id) => id.startsWith('!early'))).toEqual([]);
    expect(listed.ids.filter((id) => id.startsWith('~late')).length).toBeGreaterThan(0);
  });

  it('keeps the capability and health filters on every page', async () => {
    for (const id of acme.slice(0, 10))
      await agents.record(
        agentRecord(id, 'acme', { health: 'offline', heardAt: new Date(at.getTime() + 60_000) }),
        false,
      );
    const offlineOdd = acme.slice(0, 10).filter((id) => id.length % 2 === 1);
    const odd = acme.filter((id) => id.length % 2 === 1);

    expect((await pageThrough('acme', { capability: 'acme.odd', limit: 7 })).ids).toEqual(byteOrder(odd));
    expect((await pageThrough('acme', { capability: 'acme.odd', health: 'offline', limit: 3 })).ids).toEqual(
      byteOrder(offlineOdd),
    );
    expect((await pageThrough('globex', { capability: 'acme.odd' })).ids).toEqual([]);
  });

  it("has an index that reads a tenant's agents after a cursor in order, without sorting", async () => {
    const registry = sourceOf(sources!, 'registry');
    const plan = await registry.transaction(async (tx) => {
      // The table is small enough for a sequential scan to win; ask what the index can do.
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('SET LOCAL enable_bitmapscan = off');
      const rows: { 'QUERY PLAN': string }[] = await tx.query(
        `EXPLAIN SELECT agent_id FROM agents WHERE tenant_id = 'acme' AND agent_id COLLATE "C" > 'acme'
         ORDER BY agent_id COLLATE "C" LIMIT 51`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });

    expect(plan).toMatch(/Index (Only )?Scan using agents_list/);
    expect(plan).not.toMatch(/Sort/);
  });
});
