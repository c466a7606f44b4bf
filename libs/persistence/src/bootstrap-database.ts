import { Client } from 'pg';
import { roleFor } from './database-settings';

export interface AdminSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

export interface SchemaGrant {
  schema: string;
  /** Password for the schema's role, when the server does not trust local connections. */
  password?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

async function withClient<T>(
  settings: AdminSettings,
  database: string,
  fn: (c: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database,
    ...(settings.password ? { password: settings.password } : {}),
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database (if missing), one login role per app, and one schema per app owned by its
 * role. Safe to run again and concurrently: every statement tolerates what already exists.
 */
export async function bootstrapDatabase(admin: AdminSettings, grants: SchemaGrant[]): Promise<void> {
  await withClient(admin, 'postgres', async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [admin.database]);
    if (found.rowCount === 0) {
      await c.query(`CREATE DATABASE ${ident(admin.database)}`).catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      });
    }
  });
  await withClient(admin, admin.database, async (c) => {
    for (const grant of grants) {
      const role = ident(roleFor(grant.schema));
      await c.query(`DO $$ BEGIN CREATE ROLE ${role} LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
      // Only when given: a role whose password another tool manages keeps it.
      if (grant.password) {
        await c.query(`ALTER ROLE ${role} PASSWORD ${c.escapeLiteral(grant.password)}`);
      }
      // On the role as well as in each connection's startup options: PgBouncer in transaction
      // pooling mode drops startup options, and the role's setting still applies.
      await c.query(
        `ALTER ROLE ${role} IN DATABASE ${ident(admin.database)} SET search_path TO ${ident(grant.schema)}`,
      );
      await c
        .query(`CREATE SCHEMA IF NOT EXISTS ${ident(grant.schema)} AUTHORIZATION ${role}`)
        .catch((error: unknown) => {
          const code = (error as { code?: string }).code;
          if (code !== '42P06' && code !== '23505') throw error;
        });
    }
  });
}

export async function dropDatabase(admin: AdminSettings): Promise<void> {
  await withClient(admin, 'postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(admin.database)} WITH (FORCE)`);
  });
}
