import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a heartbeat update its agent's row in place (a HOT update: no new index entries). Every
 * heartbeat moves `last_heartbeat_at`, which `agents_due` indexed, so each one wrote a new entry
 * into every index of the table (the GIN index on capabilities included). The health sweep and the
 * retention delete now read the table in full every few seconds, which stays cheap at thousands of
 * agents; free room on each page keeps the new row version on the same page.
 */
export class AgentsHeartbeatsHot1763700009000 implements MigrationInterface {
  name = 'AgentsHeartbeatsHot1763700009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agents_due`);
    await q.query(`ALTER TABLE agents SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents RESET (fillfactor)`);
    await q.query(`CREATE INDEX agents_due ON agents (last_heartbeat_at) WHERE health <> 'offline'`);
  }
}
