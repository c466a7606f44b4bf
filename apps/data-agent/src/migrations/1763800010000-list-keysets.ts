import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serves the keyset pages of `dataset.list`: a tenant's datasets newest first, the id as
 * tie-break. (`transformation.list` pages by name on the `UNIQUE (tenant_id, name)` index.)
 */
export class ListKeysets1763800010000 implements MigrationInterface {
  name = 'ListKeysets1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX datasets_tenant_created`);
    await q.query(`CREATE INDEX datasets_tenant_created ON datasets (tenant_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX datasets_tenant_created`);
    await q.query(`CREATE INDEX datasets_tenant_created ON datasets (tenant_id, created_at DESC)`);
  }
}
