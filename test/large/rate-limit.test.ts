import { TenantOwner } from '../support/tenant-owner';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { GatewayClient, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(180_000);

const BURST = 20;

describe('per-key rate limits over HTTP', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let owner: TenantOwner;

  beforeAll(async () => {
    t = createTestEnv('ratelimit');
    // One token a second: refills during the test stay far below the requests it sends.
    f = await startTestFleet(t, { gateway: { RATE_LIMIT_BURST: String(BURST), RATE_LIMIT_PER_SECOND: '1' } });
    conformance = await OpenApiConformance.watch(f.gateway);
    owner = new TenantOwner(f.gateway, t.config.AMQP_URL);
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('answers 429 with Retry-After once a key is past its burst, and leaves other keys alone', async () => {
    const [limited, other] = [await owner.key('viewer'), await owner.key('viewer')];
    const client = new GatewayClient(f.gateway.baseUrl, limited.key, conformance.observe);
    const started = Date.now();

    const replies = await Promise.all(
      Array.from({ length: BURST * 2 }, () => client.request<{ code?: string }>('GET', '/auth/me')),
    );

    const refills = Math.ceil((Date.now() - started) / 1000);
    const allowed = replies.filter((r) => r.status === 200).length;
    const refused = replies.filter((r) => r.status === 429);
    expect(allowed).toBeGreaterThanOrEqual(BURST);
    expect(allowed).toBeLessThanOrEqual(BURST + refills);
    expect(refused).toHaveLength(replies.length - allowed);
    for (const reply of refused) {
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.code).toBe('RATE_LIMITED');
    }

    const bystander = new GatewayClient(f.gateway.baseUrl, other.key, conformance.observe);
    expect((await bystander.request('GET', '/auth/me')).status).toBe(200);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
