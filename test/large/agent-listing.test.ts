import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { createEnvelope, MessageTypes, type AgentCredentials, type AgentView } from '@ensemble/contracts';
import { agentUrl, declareAgent } from '../support/agents';
import { insertApiKey } from '../support/tenant-owner';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { GatewayClient, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(180_000);

const INSTANCES = 120;
/** validation, decision, data and coordinator. */
const FLEET_AGENTS = 4;

interface AgentPage {
  items: AgentView[];
  nextCursor: string | null;
}

interface Problem {
  status: number;
  code: string;
  errors?: { path: string }[];
}

describe('GET /api/v1/agents a page at a time', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let connection: ChannelModel;
  let workers: AgentCredentials;

  /** Every page in turn, following nextCursor. */
  const pageThrough = async (gateway: GatewayClient, query: string): Promise<AgentView[][]> => {
    const pages: AgentView[][] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${cursor}`;
      const reply = await gateway.request<AgentPage>('GET', `/agents?${query}${suffix}`);
      expect(reply.status).toBe(200);
      pages.push(reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor !== null);
    return pages;
  };

  beforeAll(async () => {
    t = createTestEnv('agent_pages');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
    workers = await declareAgent(f.gateway, 'ocr', ['acme.ocr']);
    // Many instances of one principal, as a scaled-out agent runs: one announcement each.
    connection = await amqp.connect(agentUrl(t, workers));
    const channel = await connection.createConfirmChannel();
    for (let i = 0; i < INSTANCES; i += 1) {
      const id = randomUUID();
      const envelope = createEnvelope(
        MessageTypes.agents.agentRegistered,
        {
          agentId: `ocr@pod-${String(i).padStart(3, '0')}`,
          name: 'ocr',
          version: '1.0.0',
          capabilities: ['acme.ocr'],
          concurrency: 1,
        },
        { tenantId: 'system', correlationId: id, causationId: id },
      );
      channel.publish(`${t.prefix}.events`, envelope.type, Buffer.from(JSON.stringify(envelope)), {
        userId: workers.broker.username,
      });
    }
    await channel.waitForConfirms();
    // Fleet agents whose first announcement beat the registry's queue appear with their next heartbeat.
    await eventually(
      async () => {
        const reply = await f.gateway.request<AgentPage>('GET', '/agents?limit=500');
        return reply.body.items.length === INSTANCES + FLEET_AGENTS ? true : undefined;
      },
      `${INSTANCES} ocr instances and the fleet's agents registered`,
      60_000,
    );
  });

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('pages through every agent exactly once, in agent id order, with no page over the limit', async () => {
    const pages = await pageThrough(f.gateway, 'limit=50');
    const ids = pages.flat().map((a) => a.agentId);
    const fleetAgents = ids.filter((id) => !id.startsWith('ocr@'));

    expect(pages.length).toBe(Math.ceil(ids.length / 50));
    expect(pages.every((p) => p.length <= 50)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('ocr@'))).toHaveLength(INSTANCES);
    expect(fleetAgents).toHaveLength(FLEET_AGENTS);
    expect(ids).toEqual([...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('keeps the capability filter on every page and shows a tenant only its own agents', async () => {
    const ocr = (await pageThrough(f.gateway, 'capability=acme.ocr&health=healthy&limit=32')).flat();
    const other = new GatewayClient(
      f.fleet.url('gateway'),
      await insertApiKey(t, 'other', 'viewer'),
      conformance.observe,
    );
    const seenByOther = (await pageThrough(other, 'limit=500')).flat();

    expect(ocr.map((a) => a.agentId)).toEqual(
      Array.from({ length: INSTANCES }, (_, i) => `ocr@pod-${String(i).padStart(3, '0')}`),
    );
    expect(seenByOther.filter((a) => a.name === 'ocr')).toEqual([]);
    expect(seenByOther).toHaveLength(FLEET_AGENTS);
  });

  it.each([
    ['a cursor this registry never issued', Buffer.from('50').toString('base64url')],
    ['a cursor holding a NUL', Buffer.from('agent:ocr\u0000').toString('base64url')],
    ['a cursor that is not base64url', 'b2NyQHBvZC0wMDE%3D%3D'],
    ['a cursor longer than any issued', 'A'.repeat(1025)],
  ])('refuses %s with 400 problem+json naming the cursor', async (_what, cursor) => {
    const reply = await f.gateway.request<Problem>('GET', `/agents?cursor=${cursor}`);

    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((reply.body.errors ?? []).map((e) => e.path)).toContain('cursor');
  });

  it.each(['0', '501', 'ten'])('refuses limit=%s with 400', async (limit) => {
    const reply = await f.gateway.request<Problem>('GET', `/agents?limit=${limit}`);

    expect(reply.status).toBe(400);
    expect((reply.body.errors ?? []).map((e) => e.path)).toContain('limit');
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
