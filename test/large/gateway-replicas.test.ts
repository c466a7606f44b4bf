import { request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import { TenantOwner } from '../support/tenant-owner';
import { createTestEnv, destroyTestEnv, freePort, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { GatewayClient, startTestFleet, type HttpReply, type TestFleet } from '../support/test-fleet';

jest.setTimeout(180_000);

/** The Redis on this machine (`.ci/services` starts it); keys carry the run's unique BROKER_PREFIX. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BURST = 25;
const AUTH_FAILURE_BURST = 4;
/** Longer than the test, shorter than a key's 5 s cache: only the revocation broadcast can explain a 401. */
const REVOCATION_DEADLINE_MS = 2000;

/** A GET from a loopback address of our choosing, so a test's failed authentications are its own. */
async function getFrom(
  localAddress: string,
  baseUrl: string,
  path: string,
  apiKey: string,
): Promise<HttpReply<null>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}/api/v1${path}`,
      { localAddress, headers: { 'x-api-key': apiKey } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === 'string') headers.set(name, value);
          resolve({ status: res.statusCode ?? 0, body: null, headers });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('two gateway replicas sharing Redis and Postgres', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let owner: TenantOwner;
  let urls: [string, string];

  beforeAll(async () => {
    t = createTestEnv('gwreplicas');
    f = await startTestFleet(t, {
      gateway: {
        RATE_LIMIT_REDIS_URL: REDIS_URL,
        RATE_LIMIT_BURST: String(BURST),
        // One token a second: refills during a test stay far below the requests it sends.
        RATE_LIMIT_PER_SECOND: '1',
        AUTH_FAILURE_BURST: String(AUTH_FAILURE_BURST),
        AUTH_FAILURE_REFILL_SECONDS: '60',
      },
    });
    await f.fleet.startInstance('gateway', 'gateway-2', await freePort());
    urls = [f.gateway.baseUrl, f.fleet.url('gateway-2')];
    owner = new TenantOwner(f.gateway, t.config.AMQP_URL);
    conformance = await OpenApiConformance.watch(f.gateway);
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${t.prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await destroyTestEnv(t);
  });

  it('limits a key at its burst in total, not once per replica, with 429 and Retry-After on both', async () => {
    const { key } = await owner.key('viewer');
    const clients = urls.map((url) => new GatewayClient(url, key, conformance.observe));
    const started = Date.now();

    const replies: HttpReply<{ code?: string }>[] = [];
    for (let i = 0; i < BURST * 3; i += 1)
      replies.push(await clients[i % 2].request<{ code?: string }>('GET', '/auth/me'));

    const refills = Math.ceil((Date.now() - started) / 1000);
    const allowed = replies.filter((r) => r.status === 200).length;
    expect(replies.slice(0, BURST).map((r) => r.status)).toEqual(Array(BURST).fill(200));
    expect(allowed).toBeLessThanOrEqual(BURST + refills);
    const refused = replies.map((r, i) => ({ ...r, replica: i % 2 })).filter((r) => r.status !== 200);
    expect(refused).toHaveLength(replies.length - allowed);
    expect(new Set(refused.map((r) => r.replica))).toEqual(new Set([0, 1]));
    for (const reply of refused) {
      expect(reply.status).toBe(429);
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(reply.body.code).toBe('RATE_LIMITED');
    }
  });

  it('refuses on replica B, within two seconds, a key revoked through replica A', async () => {
    const { id, key } = await owner.key('viewer');
    const onB = new GatewayClient(urls[1], key, conformance.observe);
    // B has authenticated it, so B holds it in its cache for 5 s.
    expect((await onB.request('GET', '/auth/me')).status).toBe(200);

    expect((await f.gateway.request('DELETE', `/api-keys/${id}`)).status).toBe(204);
    const revoked = Date.now();
    let status = (await onB.request('GET', '/auth/me')).status;
    while (status === 200 && Date.now() - revoked < REVOCATION_DEADLINE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await onB.request('GET', '/auth/me')).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revoked).toBeLessThan(REVOCATION_DEADLINE_MS + 500);
  });

  it('counts failed authentications from one address on both replicas, and still lets a good key in', async () => {
    const address = '127.0.0.2';
    const statuses: number[] = [];
    const refused: HttpReply<null>[] = [];
    for (let i = 0; i < AUTH_FAILURE_BURST * 2 + 2; i += 1) {
      const reply = await getFrom(address, urls[i % 2], '/auth/me', `ens_wrong_${i}`);
      statuses.push(reply.status);
      if (reply.status === 429) refused.push(reply);
    }

    expect(statuses).toEqual([
      ...Array<number>(AUTH_FAILURE_BURST).fill(401),
      ...Array<number>(AUTH_FAILURE_BURST + 2).fill(429),
    ]);
    for (const reply of refused) expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (const url of urls) expect((await getFrom(address, url, '/auth/me', f.apiKey)).status).toBe(200);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
