import type { DataSource } from 'typeorm';
import { keysetTimestampSql, type ResourceStatus } from '@ensemble/contracts';
import type { Tx } from '../transaction-runner';

export interface VersionedRecord<B> {
  tenantId: string;
  name: string;
  version: number;
  status: ResourceStatus;
  body: B;
  createdAt: Date;
}

export type NewVersionedRecord<B> = Omit<VersionedRecord<B>, 'createdAt'>;

/** A version's place in a listing: newest creation first, then name and version, all descending. */
export type VersionKey = readonly [createdAt: string, name: string, version: number];
export type ListedVersion<B> = VersionedRecord<B> & { key: VersionKey };

interface Row {
  tenant_id: string;
  name: string;
  version: number;
  status: ResourceStatus;
  body: unknown;
  created_at: Date;
  key_at: string;
}

/** The tables this store serves; each has the columns of `VersionedResourcesTable` in its migration. */
export type VersionedTable = 'rule_sets' | 'decision_tables';

const COLUMNS = `tenant_id, name, version, status, body, created_at, ${keysetTimestampSql('created_at')} AS key_at`;

/**
 * The rows of one versioned resource (rule sets, decision tables): `(tenant_id, name, version)`
 * is the key, the body never changes, and at most one version of a name is `active` (a partial
 * unique index). Writers of one name serialise on an advisory lock held until their commit.
 */
export class VersionedResourceStore<B> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: VersionedTable,
  ) {}

  /** Serialises changes to one name's versions (numbering, activation) until the commit. */
  async lockName(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `${this.table}/${tenantId}/${name}`,
    ]);
  }

  async nextVersion(tx: Tx, tenantId: string, name: string): Promise<number> {
    const rows: { next: number }[] = await tx.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM ${this.table} WHERE tenant_id = $1 AND name = $2`,
      [tenantId, name],
    );
    return rows[0]?.next ?? 1;
  }

  async insert(tx: Tx, record: NewVersionedRecord<B>): Promise<VersionedRecord<B>> {
    const rows: Row[] = await tx.query(
      `INSERT INTO ${this.table} (tenant_id, name, version, status, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [record.tenantId, record.name, record.version, record.status, JSON.stringify(record.body)],
    );
    return this.toRecord(this.single(rows));
  }

  async archiveActive(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(
      `UPDATE ${this.table} SET status = 'archived' WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
  }

  async setStatus(
    tx: Tx,
    tenantId: string,
    ref: { name: string; version: number },
    status: ResourceStatus,
  ): Promise<VersionedRecord<B>> {
    // TypeORM returns [rows, count] for a bare UPDATE; wrapped in a CTE it is a plain SELECT.
    const rows: Row[] = await tx.query(
      `WITH updated AS (
         UPDATE ${this.table} SET status = $4 WHERE tenant_id = $1 AND name = $2 AND version = $3 RETURNING *
       ) SELECT ${COLUMNS} FROM updated`,
      [tenantId, ref.name, ref.version, status],
    );
    return this.toRecord(this.single(rows));
  }

  async find(
    tenantId: string,
    name: string,
    version: number,
    tx: Tx = this.dataSource.manager,
  ): Promise<VersionedRecord<B> | undefined> {
    const rows: Row[] = await tx.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND name = $2 AND version = $3`,
      [tenantId, name, version],
    );
    return rows[0] && this.toRecord(rows[0]);
  }

  async findLatest(tenantId: string, name: string): Promise<VersionedRecord<B> | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, name],
    );
    return rows[0] && this.toRecord(rows[0]);
  }

  async activeVersion(tenantId: string, name: string): Promise<number | undefined> {
    const rows: { version: number }[] = await this.dataSource.query(
      `SELECT version FROM ${this.table} WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
    return rows[0]?.version;
  }

  /** Newest first (of one name when given), strictly after `after`: a keyset page. */
  async list(
    tenantId: string,
    name: string | undefined,
    limit: number,
    after?: VersionKey,
  ): Promise<ListedVersion<B>[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table}
       WHERE tenant_id = $1 AND ($2::text IS NULL OR name = $2)
         AND ($3::timestamptz IS NULL OR (created_at, name, version) < ($3::timestamptz, $4::text, $5::int))
       ORDER BY created_at DESC, name DESC, version DESC LIMIT $6`,
      [tenantId, name ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
    );
    return rows.map((row) => ({ ...this.toRecord(row), key: [row.key_at, row.name, row.version] }));
  }

  private single(rows: Row[]): Row {
    const row = rows.at(0);
    if (rows.length !== 1 || row === undefined)
      throw new Error(`${this.table}: expected one row, got ${rows.length}`);
    return row;
  }

  private toRecord(row: Row): VersionedRecord<B> {
    return {
      tenantId: row.tenant_id,
      name: row.name,
      version: row.version,
      status: row.status,
      body: row.body as B,
      createdAt: row.created_at,
    };
  }
}
