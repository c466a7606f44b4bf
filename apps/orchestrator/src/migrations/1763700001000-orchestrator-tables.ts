import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrchestratorTables1763700001000 implements MigrationInterface {
  name = 'OrchestratorTables1763700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_definitions (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        version int NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name, version)
      )`);
    await q.query(`
      CREATE TABLE runs (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        definition_id uuid NOT NULL REFERENCES workflow_definitions (id),
        workflow text NOT NULL,
        version int NOT NULL,
        status text NOT NULL,
        input jsonb,
        output jsonb,
        error jsonb,
        idempotency_key text,
        retry_of uuid REFERENCES runs (id),
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX runs_by_tenant_created ON runs (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX runs_by_tenant_status ON runs (tenant_id, status, created_at DESC)`);
    await q.query(`
      CREATE TABLE step_runs (
        run_id uuid NOT NULL REFERENCES runs (id),
        step_id text NOT NULL,
        capability text NOT NULL,
        status text NOT NULL,
        attempt int NOT NULL DEFAULT 0,
        task_id uuid,
        input jsonb,
        output jsonb,
        error jsonb,
        dispatched_at timestamptz,
        finished_at timestamptz,
        PRIMARY KEY (run_id, step_id)
      )`);
    await q.query(`
      CREATE TABLE run_events (
        seq bigserial PRIMARY KEY,
        run_id uuid NOT NULL,
        type text NOT NULL,
        step_id text,
        data jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX run_events_by_run ON run_events (run_id, seq)`);
    await q.query(`
      CREATE TABLE timers (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL,
        step_id text NOT NULL,
        kind text NOT NULL,
        attempt int NOT NULL,
        fire_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX timers_due ON timers (fire_at)`);
    await q.query(`CREATE INDEX timers_by_run ON timers (run_id, step_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['timers', 'run_events', 'step_runs', 'runs', 'workflow_definitions']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
