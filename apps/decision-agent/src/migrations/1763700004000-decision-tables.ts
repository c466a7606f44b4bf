import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DecisionTables1763700004000 implements MigrationInterface {
  name = 'DecisionTables1763700004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision_tables (
        tenant_id text NOT NULL,
        name text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX decision_tables_one_active ON decision_tables (tenant_id, name) WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX decision_tables_recent ON decision_tables (tenant_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decision_tables`);
  }
}
