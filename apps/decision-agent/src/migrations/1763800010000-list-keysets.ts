import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serves the keyset pages of `decision-table.list`: a tenant's versions newest first (name and version
 * break ties), and one name's versions in the same order.
 */
export class ListKeysets1763800010000 implements MigrationInterface {
  name = 'ListKeysets1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decision_tables_recent`);
    await q.query(
      `CREATE INDEX decision_tables_recent ON decision_tables (tenant_id, created_at DESC, name DESC, version DESC)`,
    );
    await q.query(
      `CREATE INDEX decision_tables_by_name ON decision_tables (tenant_id, name, created_at DESC, version DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decision_tables_by_name`);
    await q.query(`DROP INDEX decision_tables_recent`);
    await q.query(`CREATE INDEX decision_tables_recent ON decision_tables (tenant_id, created_at DESC)`);
  }
}
