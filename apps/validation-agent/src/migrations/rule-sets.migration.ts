import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RuleSets1763800000000 implements MigrationInterface {
  name = 'RuleSets1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_sets (
        tenant_id text NOT NULL,
        name text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, name, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX rule_sets_one_active ON rule_sets (tenant_id, name) WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX rule_sets_recent ON rule_sets (tenant_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rule_sets`);
  }
}
