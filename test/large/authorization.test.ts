import { CALLERS, ROUTE_EXPECTATIONS, type Caller } from '../support/route-expectations';
import { insertApiKey, TenantOwner } from '../support/tenant-owner';
import { declareAgent } from '../support/agents';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { GatewayClient, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(240_000);

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('authorization of every route over HTTP', () => {
  let t: TestEnv;
  let f: TestFleet;
  let owner: TenantOwner;
  let conformance: OpenApiConformance;
  const clients = {} as Record<Caller, GatewayClient>;

  beforeAll(async () => {
    t = createTestEnv('authz');
    // Hundreds of anonymous calls from one address: the failed-authentication limit (tested in
    // hostile-inputs) would answer 429 before the matrix could see each route's own status.
    f = await startTestFleet(t, { gateway: { AUTH_FAILURE_BURST: '1000000' } });
    const baseUrl = f.gateway.baseUrl;
    conformance = await OpenApiConformance.watch(f.gateway);
    owner = new TenantOwner(f.gateway, t.config.AMQP_URL);
    clients.admin = f.gateway;
    clients.operator = new GatewayClient(baseUrl, (await owner.key('operator')).key, conformance.observe);
    clients.viewer = new GatewayClient(baseUrl, (await owner.key('viewer')).key, conformance.observe);
    clients.otherTenantAdmin = new GatewayClient(
      baseUrl,
      await insertApiKey(t, 'intruder', 'admin'),
      conformance.observe,
    );
    clients.anonymous = new GatewayClient(baseUrl, '', conformance.observe);
    // Both tenants' workflows send a step to `nobody`, which each tenant declares as an agent.
    await declareAgent(clients.admin, 'nobody', ['nobody']);
    await declareAgent(clients.otherTenantAdmin, 'nobody', ['nobody']);
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('has an expectation row for every route of the OpenAPI document, and no row for a route it lacks', async () => {
    const response = await fetch(`${f.gateway.baseUrl}/api/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([p, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`),
    );
    expect(Object.keys(ROUTE_EXPECTATIONS).sort()).toEqual(documented.sort());
  });

  describe.each(Object.entries(ROUTE_EXPECTATIONS))('%s', (route, row) => {
    const method = route.split(' ')[0] ?? '';

    it.each(CALLERS)('answers %s with the expected status', async (caller) => {
      const prepared = await row.prepare(owner);
      const client = clients[caller];
      const reply = row.outsideApi
        ? await client.fetch(prepared.path, { headers: { 'x-api-key': client.apiKey } })
        : await client.request(method, prepared.path, prepared.body);

      expect({ caller, status: reply.status }).toEqual({ caller, status: row.expected[caller] });
      if (reply.status >= 400) {
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
        if (prepared.unchanged && MUTATING.has(method)) await prepared.unchanged();
      } else if (caller === 'otherTenantAdmin' && !row.outsideApi) {
        expect(JSON.stringify((reply as { body: unknown }).body)).not.toContain(owner.marker);
      }
    });
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
