import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Serves the keyset pages of `GET /api-keys`: a tenant's keys newest first, the id as tie-break. */
export class ListKeysets1763800010000 implements MigrationInterface {
  name = 'ListKeysets1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_tenant_created`);
    await q.query(`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_tenant_created`);
    await q.query(`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC)`);
  }
}
