import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LruCache } from '@ensemble/caching';
import { DomainError, KeysetCursor, pageSize, type Page } from '@ensemble/contracts';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { displayPrefixOf, generateApiKey, hashApiKey } from './api-key-secret';
import { ApiKeysRepository, type ApiKeyRecord } from './api-keys.repository';

export interface CreatedApiKey extends ApiKeyRecord {
  /** The plaintext key; shown once, never stored. */
  key: string;
}

const API_KEY_CURSOR = new KeysetCursor('api-keys', ['timestamp', 'uuid']);
const CACHE_TTL_MS = 5000;
const CACHE_MAX_ENTRIES = 10_000;

@Injectable()
export class ApiKeysService {
  /**
   * Recently authenticated keys, so a busy client does not cost one query per request. Revocations
   * evict entries at once (RevocationListener); the TTL bounds how long a missed one is honoured.
   */
  private readonly cache = new LruCache<string, ApiKeyRecord>(CACHE_MAX_ENTRIES, { ttlMs: CACHE_TTL_MS });

  constructor(private readonly keys: ApiKeysRepository) {}

  async create(tenantId: string, name: string, role: Role): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const record = await this.keys.insert({ id: randomUUID(), tenantId, name, role, ...secretColumns(key) });
    return { ...record, key };
  }

  /** A keyset page of the tenant's keys, newest first. */
  async list(tenantId: string, limit?: number, cursor?: string): Promise<Page<ApiKeyRecord>> {
    const size = pageSize(limit);
    const rows = await this.keys.listByTenant(tenantId, size + 1, API_KEY_CURSOR.decode(cursor));
    return API_KEY_CURSOR.page(
      rows,
      size,
      ({ key: _key, ...record }) => record,
      (row) => row.key,
    );
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    if (!(await this.keys.revoke(tenantId, id)))
      throw new DomainError('NOT_FOUND', `API key ${id} not found`);
    this.forget(id);
  }

  /** Drops a key from the cache: revoked here or, announced by Postgres, on another replica. */
  forget(id: string): void {
    this.cache.deleteWhere((record) => record.id === id);
  }

  /** Drops every cached key (when revocations may have been missed). */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Makes sure `key` exists; true when this call created it. */
  ensure(tenantId: string, name: string, role: Role, key: string): Promise<boolean> {
    return this.keys.insertIfAbsent({ id: randomUUID(), tenantId, name, role, ...secretColumns(key) });
  }

  async authenticateKey(key: string): Promise<Principal | undefined> {
    const hash = hashApiKey(key);
    const record = await this.activeRecord(`hash:${hash}`, () => this.keys.findByHash(hash));
    return record && { keyId: record.id, tenantId: record.tenantId, role: record.role, via: 'api-key' };
  }

  /** A token is honoured only while the key it was minted from is still active. */
  async authenticateToken(keyId: string, tenantId: string): Promise<Principal | undefined> {
    const record = await this.activeRecord(`id:${keyId}`, () => this.keys.findById(keyId));
    if (record?.tenantId !== tenantId) return undefined;
    return { keyId: record.id, tenantId: record.tenantId, role: record.role, via: 'jwt' };
  }

  private async activeRecord(
    cacheKey: string,
    load: () => Promise<ApiKeyRecord | undefined>,
  ): Promise<ApiKeyRecord | undefined> {
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const record = await load();
    if (!record || record.revokedAt !== null) return undefined;
    this.cache.set(cacheKey, record);
    return record;
  }
}

function secretColumns(key: string): { keyHash: string; prefix: string } {
  return { keyHash: hashApiKey(key), prefix: displayPrefixOf(key) };
}
