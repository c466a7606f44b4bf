import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Tx } from './transaction-runner';

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `ens_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot statement as a named prepared statement on the transaction's own connection, so
 * Postgres parses and plans it once per connection instead of on every call (TypeORM's `query`
 * cannot name statements). Same parameters, same rows; errors are pg's `DatabaseError` (with its
 * `code`). Outside a transaction it falls back to `query`. Only for fixed statement texts: every distinct text is a statement on each connection.
 */
export async function prepared<R>(tx: Tx, text: string, values: unknown[]): Promise<R[]> {
  const runner = tx.queryRunner as unknown as { connect(): Promise<PoolClient> } | undefined;
  // Outside a transaction (a manager without a runner) there is no connection to prepare on.
  if (!runner) return tx.query<R[]>(text, values);
  const client = await runner.connect();
  const result = await client.query<R & object>({ name: nameOf(text), text, values });
  return result.rows;
}

/**
 * A hot statement as a named prepared statement on whichever pooled connection is free, outside
 * any transaction: one statement is atomic on its own, so a write that fits in one (data-modifying
 * CTEs) needs no BEGIN/COMMIT round trips.
 */
export async function preparedOnPool<R>(pool: Pool, text: string, values: unknown[]): Promise<R[]> {
  const result = await pool.query<R & object>({ name: nameOf(text), text, values });
  return result.rows;
}
