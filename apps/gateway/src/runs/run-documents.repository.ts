import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { READ_MODELS } from '@ensemble/contracts';
import { poolOf } from '@ensemble/persistence';

/**
 * Reads runs from the orchestrator's published read model (ADR 0008) instead of asking it over
 * the bus: one prepared statement, and the JSON text goes to the client as Postgres built it.
 * Every query is scoped to the caller's tenant; another tenant's run does not exist.
 */
@Injectable()
export class RunDocumentsRepository {
  private readonly pool: Pool;

  constructor(db: DataSource) {
    this.pool = poolOf(db);
  }

  /** The `RunView` JSON of a run in the tenant, or undefined. */
  async run(tenantId: string, runId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ document: string }>({
      name: 'run-document',
      text: `SELECT document::text AS document FROM ${READ_MODELS.runs} WHERE tenant_id = $1 AND id = $2`,
      values: [tenantId, runId],
    });
    return rows[0]?.document;
  }

  /** The `RunEventView[]` JSON of a run in the tenant, oldest first, or undefined. */
  async history(tenantId: string, runId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ document: string | null }>({
      name: 'run-history-document',
      text: `SELECT CASE WHEN EXISTS (SELECT 1 FROM ${READ_MODELS.runs} WHERE tenant_id = $1 AND id = $2)
               THEN COALESCE((SELECT json_agg(document ORDER BY seq) FROM ${READ_MODELS.runHistory}
                              WHERE tenant_id = $1 AND run_id = $2), '[]')::text
             END AS document`,
      values: [tenantId, runId],
    });
    return rows[0]?.document ?? undefined;
  }
}
