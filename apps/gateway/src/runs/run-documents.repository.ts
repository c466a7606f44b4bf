import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { READ_MODELS } from '@ensemble/contracts';
import { MicroBatcher, poolOf } from '@ensemble/persistence';

interface RunKey {
  tenantId: string;
  runId: string;
}

const keyOf = (tenantId: string, runId: string): string => `${tenantId}\n${runId.toLowerCase()}`;

/**
 * Reads runs from the orchestrator's published read model (ADR 0008) instead of asking it over
 * the bus: one prepared statement, and the JSON text goes to the client as Postgres built it.
 * Every query is scoped to the caller's tenant; another tenant's run does not exist. Reads that
 * arrive together (clients polling) share one statement: one round trip for many requests.
 */
@Injectable()
export class RunDocumentsRepository {
  private readonly runs = new MicroBatcher<RunKey, string | undefined>((keys) => this.runBatch(keys), {
    maxBatch: 100,
    maxConcurrent: 4,
  });

  constructor(private readonly db: DataSource) {}

  /** The driver's pool exists once the DataSource is initialised, not when this is constructed. */
  private get pool(): Pool {
    return poolOf(this.db);
  }

  /** The `RunView` JSON of a run in the tenant, or undefined. */
  run(tenantId: string, runId: string): Promise<string | undefined> {
    return this.runs.submit({ tenantId, runId });
  }

  private async runBatch(keys: RunKey[]): Promise<(string | undefined)[]> {
    const { rows } = await this.pool.query<{ tenant_id: string; id: string; document: string }>({
      name: 'run-documents',
      text: `SELECT d.tenant_id, d.id, d.document::text AS document
             FROM unnest($1::text[], $2::uuid[]) AS k (tenant_id, id)
             JOIN ${READ_MODELS.runs} d ON d.tenant_id = k.tenant_id AND d.id = k.id`,
      values: [keys.map((k) => k.tenantId), keys.map((k) => k.runId)],
    });
    const found = new Map(rows.map((r) => [keyOf(r.tenant_id, r.id), r.document]));
    return keys.map((k) => found.get(keyOf(k.tenantId, k.runId)));
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
