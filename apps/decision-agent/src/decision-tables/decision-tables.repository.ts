import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResourceStatus, VersionedResourceView } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import type { DecisionTable } from '../decision/decision-table';

export type DecisionTableView = VersionedResourceView<DecisionTable>;

interface DecisionTableRow {
  name: string;
  version: number;
  status: ResourceStatus;
  body: DecisionTable;
  created_at: Date;
}

export interface NewDecisionTable {
  tenantId: string;
  name: string;
  version: number;
  status: ResourceStatus;
  body: DecisionTable;
}

const COLUMNS = 'name, version, status, body, created_at';

@Injectable()
export class DecisionTablesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises changes to one table's versions (numbering, activation) until the commit. */
  async lockName(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('decision_tables'), hashtext($1 || '/' || $2))`, [
      tenantId,
      name,
    ]);
  }

  async nextVersion(tx: Tx, tenantId: string, name: string): Promise<number> {
    const rows: { next: number }[] = await tx.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM decision_tables WHERE tenant_id = $1 AND name = $2`,
      [tenantId, name],
    );
    return rows[0]?.next ?? 1;
  }

  async insert(tx: Tx, table: NewDecisionTable): Promise<DecisionTableView> {
    const rows: DecisionTableRow[] = await tx.query(
      `INSERT INTO decision_tables (tenant_id, name, version, status, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [table.tenantId, table.name, table.version, table.status, JSON.stringify(table.body)],
    );
    return toView(firstOf(rows));
  }

  async archiveActive(tx: Tx, tenantId: string, name: string): Promise<void> {
    await tx.query(
      `UPDATE decision_tables SET status = 'archived' WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
  }

  async setStatus(
    tx: Tx,
    tenantId: string,
    ref: { name: string; version: number },
    status: ResourceStatus,
  ): Promise<DecisionTableView> {
    // TypeORM returns [rows, count] for a bare UPDATE; wrapped in a CTE it is a plain SELECT.
    const rows: DecisionTableRow[] = await tx.query(
      `WITH updated AS (
         UPDATE decision_tables SET status = $4 WHERE tenant_id = $1 AND name = $2 AND version = $3
         RETURNING ${COLUMNS}
       ) SELECT ${COLUMNS} FROM updated`,
      [tenantId, ref.name, ref.version, status],
    );
    return toView(firstOf(rows));
  }

  async find(tenantId: string, name: string, version: number, tx?: Tx): Promise<DecisionTableView | null> {
    const rows: DecisionTableRow[] = await (tx ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM decision_tables WHERE tenant_id = $1 AND name = $2 AND version = $3`,
      [tenantId, name, version],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async findLatest(tenantId: string, name: string): Promise<DecisionTableView | null> {
    const rows: DecisionTableRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM decision_tables WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, name],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async activeVersion(tenantId: string, name: string): Promise<number | null> {
    const rows: { version: number }[] = await this.dataSource.query(
      `SELECT version FROM decision_tables WHERE tenant_id = $1 AND name = $2 AND status = 'active'`,
      [tenantId, name],
    );
    return rows[0]?.version ?? null;
  }

  /** Newest first. */
  async list(tenantId: string, name?: string): Promise<DecisionTableView[]> {
    const rows: DecisionTableRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM decision_tables WHERE tenant_id = $1 AND ($2::text IS NULL OR name = $2)
       ORDER BY created_at DESC, name, version DESC`,
      [tenantId, name ?? null],
    );
    return rows.map(toView);
  }
}

function firstOf(rows: DecisionTableRow[]): DecisionTableRow {
  const row = rows.at(0);
  if (row === undefined) throw new Error('decision_tables: expected a row back');
  return row;
}

function toView(row: DecisionTableRow): DecisionTableView {
  return {
    name: row.name,
    version: row.version,
    status: row.status,
    body: row.body,
    createdAt: row.created_at.toISOString(),
  };
}
