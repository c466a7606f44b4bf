import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataTables1763700005000 implements MigrationInterface {
  name = 'DataTables1763700005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        format text NOT NULL CHECK (format IN ('json', 'csv')),
        record_count int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);
    await q.query(`CREATE INDEX datasets_tenant_created ON datasets (tenant_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE dataset_records (
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        seq int NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (dataset_id, seq)
      )`);
    await q.query(`
      CREATE TABLE transformations (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        expression text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);
    await q.query(`
      CREATE TABLE payloads (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        sha256 text NOT NULL,
        bytes int NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payloads`);
    await q.query(`DROP TABLE transformations`);
    await q.query(`DROP TABLE dataset_records`);
    await q.query(`DROP TABLE datasets`);
  }
}
