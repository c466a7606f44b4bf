import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResourceStatus } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';

export interface RuleSetRecord {
  tenantId: string;
  name: string;
  version: number;
  status: ResourceStatus;
  body: unknown;
  createdAt: Date;
}

export type NewRuleSet = Omit<RuleSetRecord, 'createdAt'>;

interface RuleSetRow {
  tenant_id: string;
  name: string;
  version: number;
  status: ResourceStatus;
  body: unknown;
  created_at: Date;
}

const COLUMNS = 'tenant_id, name, version, status, body, created_at';

@Injectable()
export class RuleSetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises writers of one rule set name (version numbering, the single active version). */
  async lockName(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `validation.rule_sets/${tenantId}/${name}`,
    ]);
  }

  async maxVersion(tx: Tx, tenantId: string, name: string): Promise<number> {
    const rows: { max: number | null }[] = await tx.query(
      `SELECT max(version) AS max FROM rule_sets WHERE tenant_id = $1 AND name = $2`,
      [tenantId, name],
    );
    return rows[0]?.max ?? 0;
  }

  async insert(tx: Tx, ruleSet: NewRuleSet): Promise<RuleSetRecord> {
    const rows: RuleSetRow[] = await tx.query(
      `INSERT INTO rule_sets (tenant_id, name, version, status, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [ruleSet.tenantId, ruleSet.name, ruleSet.version, ruleSet.status, JSON.stringify(ruleSet.body)],
    );
    return toRecord(single(rows));
  }

  async setStatus(
    tx: Tx,
    tenantId: string,
    name: string,
    version: number,
    status: ResourceStatus,
  ): Promise<RuleSetRecord> {
    const rows: [RuleSetRow[], number] = await tx.query(
      `UPDATE rule_sets SET status = $4 WHERE tenant_id = $1 AND name = $2 AND version = $3
       RETURNING ${COLUMNS}`,
      [tenantId, name, version, status],
    );
    return toRecord(single(rows[0]));
  }

  async archiveActive(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(
      `UPDATE rule_sets SET status = 'archived' WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
  }

  async find(
    tenantId: string,
    name: string,
    version: number,
    tx: Tx = this.dataSource.manager,
  ): Promise<RuleSetRecord | undefined> {
    const rows: RuleSetRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM rule_sets WHERE tenant_id = $1 AND name = $2 AND version = $3`,
      [tenantId, name, version],
    );
    return rows.length > 0 ? toRecord(rows[0]) : undefined;
  }

  async findLatest(tenantId: string, name: string): Promise<RuleSetRecord | undefined> {
    const rows: RuleSetRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM rule_sets WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, name],
    );
    return rows.length > 0 ? toRecord(rows[0]) : undefined;
  }

  async findActiveVersion(tenantId: string, name: string): Promise<number | undefined> {
    const rows: { version: number }[] = await this.dataSource.query(
      `SELECT version FROM rule_sets WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
    return rows[0]?.version;
  }

  /** Latest first: newest creation, then highest version. */
  async list(tenantId: string, name?: string): Promise<RuleSetRecord[]> {
    const rows: RuleSetRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM rule_sets WHERE tenant_id = $1 AND ($2::text IS NULL OR name = $2)
       ORDER BY created_at DESC, name, version DESC`,
      [tenantId, name ?? null],
    );
    return rows.map(toRecord);
  }
}

function single(rows: RuleSetRow[]): RuleSetRow {
  if (rows.length !== 1) throw new Error(`expected one rule_sets row, got ${rows.length}`);
  return rows[0];
}

function toRecord(row: RuleSetRow): RuleSetRecord {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    version: row.version,
    status: row.status,
    body: row.body,
    createdAt: row.created_at,
  };
}
