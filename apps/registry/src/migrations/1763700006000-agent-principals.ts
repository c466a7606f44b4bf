import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent principals (a broker login per tenant agent) and which tenant's principal an announcement came from. */
export class AgentPrincipals1763700006000 implements MigrationInterface {
  name = 'AgentPrincipals1763700006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_principals (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        capabilities text[] NOT NULL,
        username text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX agent_principals_live_name ON agent_principals (tenant_id, name) WHERE revoked_at IS NULL`,
    );
    await q.query(`ALTER TABLE agents ADD COLUMN tenant_id text, ADD COLUMN principal text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP COLUMN tenant_id, DROP COLUMN principal`);
    await q.query(`DROP TABLE agent_principals`);
  }
}
