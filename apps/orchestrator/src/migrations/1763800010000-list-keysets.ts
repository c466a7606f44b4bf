import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serves the keyset pages of `run.list` and `workflow.list`: runs by status or by workflow newest
 * first with the id as tie-break (the unfiltered list uses `runs_by_tenant_created`), and the latest
 * version of each workflow by name.
 */
export class ListKeysets1763800010000 implements MigrationInterface {
  name = 'ListKeysets1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX runs_by_tenant_status`);
    await q.query(`CREATE INDEX runs_by_tenant_status ON runs (tenant_id, status, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX runs_by_tenant_workflow ON runs (tenant_id, workflow, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX workflow_definitions_latest ON workflow_definitions (tenant_id, name, version DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_definitions_latest`);
    await q.query(`DROP INDEX runs_by_tenant_workflow`);
    await q.query(`DROP INDEX runs_by_tenant_status`);
    await q.query(`CREATE INDEX runs_by_tenant_status ON runs (tenant_id, status, created_at DESC)`);
  }
}
