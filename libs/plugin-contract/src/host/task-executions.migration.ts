import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskExecutions1763700000100 implements MigrationInterface {
  name = 'TaskExecutions1763700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_executions (
        task_id uuid PRIMARY KEY,
        run_id uuid NOT NULL,
        step_id text NOT NULL,
        attempt int NOT NULL,
        capability text NOT NULL,
        outcome text NOT NULL,
        output jsonb,
        error jsonb,
        duration_ms int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_executions_run ON task_executions (run_id, step_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_executions`);
  }
}
