import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetTimestampSql } from '@ensemble/contracts';
import type { Role } from '../auth/roles';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  keyHash: string;
  prefix: string;
}

/** A key's place in the listing: its creation time (`keysetTimestampSql`) and id. */
export type ApiKeyKey = readonly [createdAt: string, id: string];
export type ListedApiKey = ApiKeyRecord & { key: ApiKeyKey };

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant_id, name, role, prefix, created_at, revoked_at';

/** The Postgres channel on which a revoked key's id is announced to every gateway replica. */
export const REVOCATIONS_CHANNEL = 'ensemble_api_key_revoked';

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: DataSource) {}

  async insert(key: NewApiKey): Promise<ApiKeyRecord> {
    const rows: ApiKeyRow[] = await this.db.query(
      `INSERT INTO api_keys (id, tenant_id, name, role, key_hash, prefix)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [key.id, key.tenantId, key.name, key.role, key.keyHash, key.prefix],
    );
    return toRecord(firstRow(rows));
  }

  /** Inserts unless a key with the same hash exists; safe when several replicas race. */
  async insertIfAbsent(key: NewApiKey): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO api_keys (id, tenant_id, name, role, key_hash, prefix)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [key.id, key.tenantId, key.name, key.role, key.keyHash, key.prefix],
    );
    return rows.length === 1;
  }

  /** Newest first, strictly after `after` (the key of the last one shown): a keyset page. */
  async listByTenant(tenantId: string, limit: number, after?: ApiKeyKey): Promise<ListedApiKey[]> {
    const rows: (ApiKeyRow & { key_at: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, ${keysetTimestampSql('created_at')} AS key_at FROM api_keys
       WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return rows.map((row) => ({ ...toRecord(row), key: [row.key_at, row.id] }));
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1`, [
      keyHash,
    ]);
    return optionalRecord(rows);
  }

  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return optionalRecord(rows);
  }

  /**
   * Revokes the tenant's key (keeping the first revocation time); false when it has no such key.
   * Every gateway replica hears of it on commit (NOTIFY on REVOCATIONS_CHANNEL).
   */
  async revoke(tenantId: string, id: string): Promise<boolean> {
    // A CTE, because TypeORM returns [rows, count] rather than rows for a bare UPDATE.
    const rows: unknown[] = await this.db.query(
      `WITH revoked AS (
         UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
         WHERE tenant_id = $1 AND id = $2 RETURNING id
       ) SELECT id, pg_notify($3, id::text) FROM revoked`,
      [tenantId, id, REVOCATIONS_CHANNEL],
    );
    return rows.length === 1;
  }
}

function optionalRecord(rows: ApiKeyRow[]): ApiKeyRecord | undefined {
  const row = rows.at(0);
  return row && toRecord(row);
}

function firstRow(rows: ApiKeyRow[]): ApiKeyRow {
  const row = rows.at(0);
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
