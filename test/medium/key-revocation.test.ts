import type { DataSource } from 'typeorm';
import { createDataSource, databaseSettings } from '@ensemble/persistence';
import { ApiKeysRepository } from '../../apps/gateway/src/api-keys/api-keys.repository';
import { ApiKeysService } from '../../apps/gateway/src/api-keys/api-keys.service';
import { RevocationListener } from '../../apps/gateway/src/api-keys/revocation-listener';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

interface Replica {
  source: DataSource;
  keys: ApiKeysService;
  listener: RevocationListener;
}

/** Two gateway replicas, each with its own pool, key cache and revocation listener. */
describe('a key revoked through one gateway replica', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    t = createTestEnv('key_revocation');
    sources = await appDataSources(t, ['gateway']);
    for (const source of [
      sourceOf(sources, 'gateway'),
      await createDataSource({ ...databaseSettings(t.config, 'gateway'), poolSize: 2 }, [], []).initialize(),
    ]) {
      const keys = new ApiKeysService(new ApiKeysRepository(source));
      const listener = new RevocationListener(source, keys);
      await listener.onModuleInit();
      replicas.push({ source, keys, listener });
    }
  });

  afterAll(async () => {
    for (const r of replicas) r.listener.onApplicationShutdown();
    await replicas[1]?.source.destroy();
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('is refused by every replica at once, not after the cache expires', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect(a.listener.listening && b.listener.listening).toBe(true);
    const created = await a.keys.create('acme', 'ci', 'admin');
    // Both replicas have authenticated it, so both hold it in their cache (5 s).
    expect(await a.keys.authenticateKey(created.key)).toMatchObject({ keyId: created.id });
    expect(await b.keys.authenticateKey(created.key)).toMatchObject({ keyId: created.id });

    await a.keys.revoke('acme', created.id);
    expect(await a.keys.authenticateKey(created.key)).toBeUndefined();
    const deadline = Date.now() + 2000;
    let seen = await b.keys.authenticateKey(created.key);
    while (seen && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await b.keys.authenticateKey(created.key);
    }
    expect(seen).toBeUndefined();
  });

  it("does not evict another tenant's key, nor anything on a failed revocation", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const kept = await a.keys.create('globex', 'kept', 'viewer');
    expect(await b.keys.authenticateKey(kept.key)).toMatchObject({ keyId: kept.id });
    await expect(a.keys.revoke('acme', kept.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await b.keys.authenticateKey(kept.key)).toMatchObject({ keyId: kept.id });
  });
});
