import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetTimestampSql, type RunStatus, type StepDefinition } from '@ensemble/contracts';
import { prepared, type Tx } from '@ensemble/persistence';
import type { RunRecord, StepRecord } from './run-state';

interface RunRow {
  id: string;
  tenant_id: string;
  definition_id: string;
  workflow: string;
  version: number;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: RunRecord['error'];
  idempotency_key: string | null;
  retry_of: string | null;
  correlation_id: string;
  created_at: Date;
  updated_at: Date;
}

interface StepRow {
  step_id: string;
  capability: string;
  status: StepRecord['status'];
  attempt: number;
  task_id: string | null;
  input: unknown;
  output: unknown;
  error: StepRecord['error'];
  dispatched_at: Date | null;
  finished_at: Date | null;
}

export interface DueTimer {
  id: string;
  runId: string;
  stepId: string;
  kind: 'retry' | 'timeout';
  attempt: number;
}

export interface RunFilter {
  status?: RunStatus;
  workflow?: string;
  createdAfter?: string;
  createdBefore?: string;
}

/** A run's place in a listing: its creation time (`keysetTimestampSql`) and id. */
export type RunKey = readonly [createdAt: string, id: string];
export type ListedRun = RunRecord & { key: RunKey };

const RUN_COLUMNS = `id, tenant_id, definition_id, workflow, version, status, input, output, error,
  idempotency_key, retry_of, correlation_id, created_at, updated_at`;
const STEP_COLUMNS =
  'step_id, capability, status, attempt, task_id, input, output, error, dispatched_at, finished_at';

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    definitionId: r.definition_id,
    workflow: r.workflow,
    version: r.version,
    status: r.status,
    input: r.input,
    output: r.output,
    error: r.error,
    idempotencyKey: r.idempotency_key,
    retryOf: r.retry_of,
    correlationId: r.correlation_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toStep(r: StepRow): StepRecord {
  return {
    stepId: r.step_id,
    capability: r.capability,
    status: r.status,
    attempt: r.attempt,
    taskId: r.task_id,
    input: r.input,
    output: r.output,
    error: r.error,
    dispatchedAt: r.dispatched_at,
    finishedAt: r.finished_at,
  };
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

@Injectable()
export class RunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a run unless its idempotency key is taken; returns false when it was. */
  /** Inserts runs with their pending steps; returns the ids inserted (others hit an idempotency key). */
  async insertRuns(tx: Tx, items: { run: RunRecord; steps: StepDefinition[] }[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const runs = items.map((i) => i.run);
    const inserted: { id: string }[] = await prepared(
      tx,
      `INSERT INTO runs (id, tenant_id, definition_id, workflow, version, status, input, idempotency_key, retry_of, correlation_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::jsonb[],
                            $8::text[], $9::uuid[], $10::text[])
       ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        runs.map((r) => r.id),
        runs.map((r) => r.tenantId),
        runs.map((r) => r.definitionId),
        runs.map((r) => r.workflow),
        runs.map((r) => r.version),
        runs.map((r) => r.status),
        runs.map((r) => json(r.input)),
        runs.map((r) => r.idempotencyKey),
        runs.map((r) => r.retryOf),
        runs.map((r) => r.correlationId),
      ],
    );
    const ids = new Set(inserted.map((r) => r.id));
    const steps = items
      .filter((i) => ids.has(i.run.id))
      .flatMap((i) => i.steps.map((s) => ({ runId: i.run.id, s })));
    if (steps.length > 0) {
      await prepared(
        tx,
        `INSERT INTO step_runs (run_id, step_id, capability, status)
         SELECT run_id, step_id, capability, 'pending' FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(run_id, step_id, capability)`,
        [steps.map((x) => x.runId), steps.map((x) => x.s.id), steps.map((x) => x.s.capability)],
      );
    }
    return ids;
  }

  async findIdByIdempotencyKey(tx: Tx, tenantId: string, key: string): Promise<string | undefined> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM runs WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenantId, key],
    );
    return rows[0]?.id;
  }

  /** Locks the run row for the rest of the transaction: one writer per run across replicas. */
  async lockRun(tx: Tx, runId: string): Promise<RunRecord | undefined> {
    const rows: RunRow[] = await tx.query(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 FOR UPDATE`, [
      runId,
    ]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async lockRuns(tx: Tx, runIds: string[]): Promise<RunRecord[]> {
    const rows: RunRow[] = await prepared(
      tx,
      `SELECT ${RUN_COLUMNS} FROM runs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [runIds],
    );
    return rows.map(toRun);
  }

  async stepsOf(tx: Tx, runIds: string[]): Promise<Map<string, StepRecord[]>> {
    const rows: (StepRow & { run_id: string })[] = await prepared(
      tx,
      `SELECT run_id, ${STEP_COLUMNS} FROM step_runs WHERE run_id = ANY($1::uuid[])`,
      [runIds],
    );
    const byRun = new Map<string, StepRecord[]>();
    for (const row of rows) {
      const list = byRun.get(row.run_id) ?? [];
      list.push(toStep(row));
      byRun.set(row.run_id, list);
    }
    return byRun;
  }

  async steps(runId: string, tx?: Tx): Promise<StepRecord[]> {
    const rows: StepRow[] = await (tx ?? this.dataSource).query(
      `SELECT ${STEP_COLUMNS} FROM step_runs WHERE run_id = $1`,
      [runId],
    );
    return rows.map(toStep);
  }

  async dueTimers(limit: number): Promise<DueTimer[]> {
    const rows: { id: string; run_id: string; step_id: string; kind: DueTimer['kind']; attempt: number }[] =
      await this.dataSource.query(
        `SELECT id, run_id, step_id, kind, attempt FROM timers WHERE fire_at <= now() ORDER BY fire_at LIMIT $1`,
        [limit],
      );
    return rows.map((r) => ({
      id: r.id,
      runId: r.run_id,
      stepId: r.step_id,
      kind: r.kind,
      attempt: r.attempt,
    }));
  }

  /** Claims a timer after its run is locked; false when another replica already fired it. */
  async claimTimer(tx: Tx, timerId: string): Promise<boolean> {
    // A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING.
    const rows: unknown[] = await tx.query(
      `WITH claimed AS (DELETE FROM timers WHERE id = $1 RETURNING id) SELECT id FROM claimed`,
      [timerId],
    );
    return rows.length === 1;
  }

  async findRun(tenantId: string, runId: string): Promise<RunRecord | undefined> {
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 AND tenant_id = $2`,
      [runId, tenantId],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Newest first, strictly after `after` (the key of the last run shown): a keyset page. */
  async listRuns(tenantId: string, filter: RunFilter, limit: number, after?: RunKey): Promise<ListedRun[]> {
    const rows: (RunRow & { key_at: string })[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS}, ${keysetTimestampSql('created_at')} AS key_at FROM runs
       WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR workflow = $3)
         AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)
         AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $8`,
      [
        tenantId,
        filter.status ?? null,
        filter.workflow ?? null,
        filter.createdAfter ?? null,
        filter.createdBefore ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
      ],
    );
    return rows.map((r) => ({ ...toRun(r), key: [r.key_at, r.id] }));
  }
}
