import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LruCache } from '@ensemble/caching';
import type { WorkflowDefinition, WorkflowView } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';

export interface StoredWorkflow {
  id: string;
  tenantId: string;
  name: string;
  version: number;
  definition: WorkflowDefinition;
  createdAt: Date;
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  version: number;
  definition: WorkflowDefinition;
  created_at: Date;
}

const COLUMNS = 'id, tenant_id, name, version, definition, created_at';
/** Definitions by id are immutable: the runs of the most recently used ones need no query. */
const BY_ID_CAPACITY = 10_000;

function toStored(row: Row): StoredWorkflow {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    version: row.version,
    definition: row.definition,
    createdAt: row.created_at,
  };
}

export function toWorkflowView(w: StoredWorkflow): WorkflowView {
  return {
    id: w.id,
    name: w.name,
    version: w.version,
    definition: w.definition,
    createdAt: w.createdAt.toISOString(),
  };
}

/** Definitions are immutable once written, so reads by id are cached for the life of the process. */
@Injectable()
export class WorkflowsRepository {
  private readonly byId = new LruCache<string, StoredWorkflow>(BY_ID_CAPACITY);

  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the next version of `name`; a concurrent insert of the same version retries. */
  async insertNextVersion(tenantId: string, definition: WorkflowDefinition): Promise<StoredWorkflow> {
    for (;;) {
      const rows: Row[] = await this.dataSource.query(
        `INSERT INTO workflow_definitions (id, tenant_id, name, version, definition)
         SELECT $1, $2, $3, COALESCE(MAX(version), 0) + 1, $4 FROM workflow_definitions
         WHERE tenant_id = $2 AND name = $3
         ON CONFLICT (tenant_id, name, version) DO NOTHING
         RETURNING ${COLUMNS}`,
        [randomUUID(), tenantId, definition.name, JSON.stringify(definition)],
      );
      if (rows[0]) return toStored(rows[0]);
    }
  }

  async find(tenantId: string, name: string, version?: number, tx?: Tx): Promise<StoredWorkflow | undefined> {
    const runner = tx ?? this.dataSource;
    const rows: Row[] =
      version === undefined
        ? await runner.query(
            `SELECT ${COLUMNS} FROM workflow_definitions WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1`,
            [tenantId, name],
          )
        : await runner.query(
            `SELECT ${COLUMNS} FROM workflow_definitions WHERE tenant_id = $1 AND name = $2 AND version = $3`,
            [tenantId, name, version],
          );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async findById(id: string, tx?: Tx): Promise<StoredWorkflow | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const rows: Row[] = await (tx ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM workflow_definitions WHERE id = $1`,
      [id],
    );
    if (!rows[0]) return undefined;
    const stored = toStored(rows[0]);
    this.byId.set(id, stored);
    return stored;
  }

  /** The latest version of each workflow by name, after the name `after` (a keyset page). */
  async listLatest(tenantId: string, limit: number, after?: string): Promise<StoredWorkflow[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT DISTINCT ON (name) ${COLUMNS} FROM workflow_definitions
       WHERE tenant_id = $1 AND ($3::text IS NULL OR name > $3)
       ORDER BY name, version DESC LIMIT $2`,
      [tenantId, limit, after ?? null],
    );
    return rows.map(toStored);
  }

  /** Every version of `name`, newest first, below the version `before` (a keyset page). */
  async listVersions(
    tenantId: string,
    name: string,
    limit: number,
    before?: number,
  ): Promise<StoredWorkflow[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM workflow_definitions
       WHERE tenant_id = $1 AND name = $2 AND ($4::int IS NULL OR version < $4)
       ORDER BY version DESC LIMIT $3`,
      [tenantId, name, limit, before ?? null],
    );
    return rows.map(toStored);
  }
}
