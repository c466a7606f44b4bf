import { Injectable } from '@nestjs/common';
import { OutboxWriter, type Tx } from '@ensemble/persistence';
import type { RunUnit } from './run-unit';

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Writes what handlers changed in any number of locked runs with one statement per table, so a
 * batch of results costs the same handful of round trips as a single one.
 */
@Injectable()
export class RunWriter {
  constructor(private readonly outbox: OutboxWriter) {}

  async flush(tx: Tx, units: RunUnit[]): Promise<void> {
    await this.updateRuns(
      tx,
      units.filter((u) => u.runDirty),
    );
    await this.updateSteps(tx, units);
    await this.clearTimers(tx, units);
    await this.insertTimers(tx, units);
    await this.insertEvents(tx, units);
    await this.outbox.add(
      tx,
      units.flatMap((u) => u.messages),
    );
  }

  private async updateRuns(tx: Tx, units: RunUnit[]): Promise<void> {
    if (units.length === 0) return;
    await tx.query(
      `UPDATE runs r SET status = u.status, output = u.output, error = u.error, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::jsonb[]) AS u(id, status, output, error)
       WHERE r.id = u.id`,
      [
        units.map((u) => u.run.id),
        units.map((u) => u.run.status),
        units.map((u) => json(u.run.output)),
        units.map((u) => json(u.run.error)),
      ],
    );
  }

  private async updateSteps(tx: Tx, units: RunUnit[]): Promise<void> {
    const rows = units.flatMap((u) =>
      [...u.dirtySteps].map((stepId) => ({ runId: u.run.id, s: u.step(stepId) })),
    );
    if (rows.length === 0) return;
    await tx.query(
      `UPDATE step_runs t SET status = u.status, attempt = u.attempt, task_id = u.task_id, input = u.input,
         output = u.output, error = u.error, dispatched_at = u.dispatched_at, finished_at = u.finished_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::jsonb[], $7::jsonb[], $8::jsonb[],
                   $9::timestamptz[], $10::timestamptz[])
         AS u(run_id, step_id, status, attempt, task_id, input, output, error, dispatched_at, finished_at)
       WHERE t.run_id = u.run_id AND t.step_id = u.step_id`,
      [
        rows.map((r) => r.runId),
        rows.map((r) => r.s.stepId),
        rows.map((r) => r.s.status),
        rows.map((r) => r.s.attempt),
        rows.map((r) => r.s.taskId),
        rows.map((r) => json(r.s.input)),
        rows.map((r) => json(r.s.output)),
        rows.map((r) => json(r.s.error)),
        rows.map((r) => r.s.dispatchedAt),
        rows.map((r) => r.s.finishedAt),
      ],
    );
  }

  private async clearTimers(tx: Tx, units: RunUnit[]): Promise<void> {
    const rows = units.flatMap((u) => [...u.clearedTimers].map((stepId) => [u.run.id, stepId] as const));
    if (rows.length === 0) return;
    await tx.query(
      `DELETE FROM timers t USING unnest($1::uuid[], $2::text[]) AS d(run_id, step_id)
       WHERE t.run_id = d.run_id AND t.step_id = d.step_id`,
      [rows.map((r) => r[0]), rows.map((r) => r[1])],
    );
  }

  private async insertTimers(tx: Tx, units: RunUnit[]): Promise<void> {
    const rows = units.flatMap((u) => u.newTimers.map((t) => ({ runId: u.run.id, t })));
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO timers (id, run_id, step_id, kind, attempt, fire_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::timestamptz[])`,
      [
        rows.map((r) => r.t.id),
        rows.map((r) => r.runId),
        rows.map((r) => r.t.stepId),
        rows.map((r) => r.t.kind),
        rows.map((r) => r.t.attempt),
        rows.map((r) => r.t.fireAt),
      ],
    );
  }

  private async insertEvents(tx: Tx, units: RunUnit[]): Promise<void> {
    const rows = units.flatMap((u) => u.events.map((e) => ({ runId: u.run.id, e })));
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO run_events (run_id, type, step_id, data)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        rows.map((r) => r.runId),
        rows.map((r) => r.e.type),
        rows.map((r) => r.e.stepId),
        rows.map((r) => json(r.e.data)),
      ],
    );
  }
}
