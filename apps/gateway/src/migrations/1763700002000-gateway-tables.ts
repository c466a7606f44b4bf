import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewayTables1763700002000 implements MigrationInterface {
  name = 'GatewayTables1763700002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
        key_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        actor uuid NOT NULL,
        role text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        status int NOT NULL,
        correlation_id text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE api_keys`);
  }
}
