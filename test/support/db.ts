import { Client } from 'pg';
import type { TestEnv } from './test-env';

/** A superuser connection to the test database, for assertions across every app's schema. */
export async function adminDb(t: TestEnv): Promise<Client> {
  const c = new Client({
    host: t.config.PGHOST,
    port: t.config.PGPORT,
    user: t.config.PGADMIN_USER,
    database: t.database,
  });
  await c.connect();
  c.on('error', () => undefined);
  return c;
}

export async function count(db: Client, sql: string, params: unknown[] = []): Promise<number> {
  const r = await db.query<{ n: string }>(sql, params);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Every step of every run ran its effect exactly once: one dispatch per step attempt in the
 * orchestrator's history and one recorded execution per task in the agents' schemas.
 */
export async function assertExactlyOnce(db: Client, runIds: string[]): Promise<void> {
  const dispatches = await db.query<{ run_id: string; step_id: string; n: string }>(
    `SELECT run_id, step_id, count(*) AS n FROM orchestrator.run_events
     WHERE type = 'step.dispatched' AND run_id = ANY($1::uuid[]) GROUP BY run_id, step_id HAVING count(*) > 1`,
    [runIds],
  );
  expect(dispatches.rows).toEqual([]);
  for (const schema of ['data', 'validation', 'decision']) {
    const twice = await db.query(
      `SELECT run_id, step_id, count(*) AS n FROM ${schema}.task_executions
       WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, step_id HAVING count(*) > 1`,
      [runIds],
    );
    expect(twice.rows).toEqual([]);
  }
  const succeededSteps = await count(
    db,
    `SELECT count(*) AS n FROM orchestrator.step_runs WHERE run_id = ANY($1::uuid[]) AND status = 'succeeded'`,
    [runIds],
  );
  const effects =
    (await count(db, `SELECT count(*) AS n FROM data.task_executions WHERE run_id = ANY($1::uuid[])`, [
      runIds,
    ])) +
    (await count(db, `SELECT count(*) AS n FROM validation.task_executions WHERE run_id = ANY($1::uuid[])`, [
      runIds,
    ])) +
    (await count(db, `SELECT count(*) AS n FROM decision.task_executions WHERE run_id = ANY($1::uuid[])`, [
      runIds,
    ]));
  expect(effects).toBe(succeededSteps);
}
