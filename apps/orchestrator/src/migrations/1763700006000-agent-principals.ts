import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which tenant agent may report results for which capabilities (mirrored from the registry's events). */
export class AgentPrincipals1763700006000 implements MigrationInterface {
  name = 'AgentPrincipals1763700006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_principals (
        username text PRIMARY KEY,
        agent_id uuid NOT NULL,
        tenant_id text NOT NULL,
        capabilities text[] NOT NULL,
        revoked_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_principals`);
  }
}
