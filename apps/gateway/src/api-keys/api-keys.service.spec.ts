import { DomainError } from '@ensemble/contracts';
import type { ApiKeyRecord, ApiKeysRepository, ListedApiKey, NewApiKey } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { hashApiKey } from './api-key-secret';

type StoredKey = ApiKeyRecord & { keyHash: string };

class InMemoryApiKeys implements Omit<ApiKeysRepository, 'db'> {
  readonly rows: StoredKey[] = [];

  insert(key: NewApiKey): Promise<ApiKeyRecord> {
    const row = { ...key, createdAt: new Date().toISOString(), revokedAt: null };
    this.rows.push(row);
    return Promise.resolve(row);
  }

  async insertIfAbsent(key: NewApiKey): Promise<boolean> {
    if (this.rows.some((r) => r.keyHash === key.keyHash)) return false;
    await this.insert(key);
    return true;
  }

  listByTenant(tenantId: string, limit: number): Promise<ListedApiKey[]> {
    const rows = this.rows.filter((r) => r.tenantId === tenantId).slice(0, limit);
    return Promise.resolve(
      rows.map((r) => ({ ...r, key: [`${r.createdAt.slice(0, 23)}000Z`, r.id] as const })),
    );
  }

  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return Promise.resolve(this.rows.find((r) => r.keyHash === keyHash));
  }

  findById(id: string): Promise<ApiKeyRecord | undefined> {
    return Promise.resolve(this.rows.find((r) => r.id === id));
  }

  revoke(tenantId: string, id: string): Promise<boolean> {
    const row = this.rows.find((r) => r.tenantId === tenantId && r.id === id);
    if (row) row.revokedAt ??= new Date().toISOString();
    return Promise.resolve(row !== undefined);
  }
}

function setup(): { repo: InMemoryApiKeys; service: ApiKeysService } {
  const repo = new InMemoryApiKeys();
  return { repo, service: new ApiKeysService(repo as unknown as ApiKeysRepository) };
}

describe('ApiKeysService', () => {
  it('returns the key once and stores only its hash and display prefix', async () => {
    const { repo, service } = setup();

    const created = await service.create('acme', 'ci', 'operator');

    expect(repo.rows[0]?.keyHash).toBe(hashApiKey(created.key));
    expect(repo.rows[0]?.prefix).toBe(created.key.slice(0, 8));
    expect(JSON.stringify(repo.rows)).not.toContain(created.key);
  });

  it('authenticates a key as its tenant and role', async () => {
    const { service } = setup();
    const created = await service.create('acme', 'ci', 'operator');

    expect(await service.authenticateKey(created.key)).toEqual({
      keyId: created.id,
      tenantId: 'acme',
      role: 'operator',
      via: 'api-key',
    });
    expect(await service.authenticateKey(`${created.key}x`)).toBeUndefined();
  });

  it('stops accepting a key, and tokens minted from it, once revoked', async () => {
    const { service } = setup();
    const created = await service.create('acme', 'ci', 'admin');
    await service.authenticateKey(created.key);
    await service.authenticateToken(created.id, 'acme');

    await service.revoke('acme', created.id);

    expect(await service.authenticateKey(created.key)).toBeUndefined();
    expect(await service.authenticateToken(created.id, 'acme')).toBeUndefined();
  });

  it("refuses a token whose tenant claim is not its key's tenant", async () => {
    const { service } = setup();
    const created = await service.create('acme', 'ci', 'admin');

    expect(await service.authenticateToken(created.id, 'globex')).toBeUndefined();
  });

  it("revokes within the caller's tenant and answers NOT_FOUND when it has no such key", async () => {
    const { repo, service } = setup();
    const created = await service.create('acme', 'ci', 'admin');
    const revoke = jest.spyOn(repo, 'revoke').mockResolvedValue(false);

    await expect(service.revoke('globex', created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.revoke('globex', created.id)).rejects.toBeInstanceOf(DomainError);
    // The tenant condition itself is the query's: test/medium/resource-repositories.test.ts.
    expect(revoke.mock.calls).toEqual([
      ['globex', created.id],
      ['globex', created.id],
    ]);
    expect(await service.authenticateKey(created.key)).toBeDefined();
  });

  it('ensures a bootstrap key only once', async () => {
    const { repo, service } = setup();

    expect(await service.ensure('default', 'bootstrap', 'admin', 'bootstrap-key-0123456789')).toBe(true);
    expect(await service.ensure('default', 'bootstrap', 'admin', 'bootstrap-key-0123456789')).toBe(false);
    expect(repo.rows).toHaveLength(1);
  });
});
