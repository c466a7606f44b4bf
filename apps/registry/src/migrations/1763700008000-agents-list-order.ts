import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serves `agent.list` pages: the fleet's agents (no tenant) and each tenant's, in agent id byte
 * order, so a page after a cursor is one index range per tenant whatever the table's size.
 */
export class AgentsListOrder1763700008000 implements MigrationInterface {
  name = 'AgentsListOrder1763700008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX agents_list ON agents (tenant_id, agent_id COLLATE "C")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agents_list`);
  }
}
