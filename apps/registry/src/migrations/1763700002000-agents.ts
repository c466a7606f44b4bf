import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Agents1763700002000 implements MigrationInterface {
  name = 'Agents1763700002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agents (
        agent_id text PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        capabilities text[] NOT NULL,
        concurrency int NOT NULL,
        host text,
        health text NOT NULL CHECK (health IN ('healthy', 'unhealthy', 'draining', 'offline')),
        registered_at timestamptz NOT NULL,
        last_heartbeat_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX agents_capabilities ON agents USING gin (capabilities)`);
    await q.query(`CREATE INDEX agents_due ON agents (last_heartbeat_at) WHERE health <> 'offline'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agents`);
  }
}
