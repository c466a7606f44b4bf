import type { Client } from 'pg';
import { MicroBatcher } from '@ensemble/persistence';
import { migrateFleet } from '../../tools/fleet/migrate';
import { adminDb, count } from '../support/db';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/** Inserts a batch of run inputs in one transaction, as the orchestrator starts runs. */
async function insertBatch(db: Client, inputs: unknown[]): Promise<string[]> {
  await db.query('BEGIN');
  try {
    for (const input of inputs)
      await db.query('INSERT INTO starts (input) VALUES ($1)', [JSON.stringify(input)]);
    await db.query('COMMIT');
    return inputs.map(() => 'started');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

describe('MicroBatcher against Postgres', () => {
  let t: TestEnv;
  let db: Client;

  beforeAll(async () => {
    t = createTestEnv('batcher');
    await migrateFleet(t.config, () => undefined);
    db = await adminDb(t);
    await db.query('CREATE TEMP TABLE starts (input jsonb NOT NULL)');
  });

  afterAll(async () => {
    await db.end();
    await destroyTestEnv(t);
  });

  it('commits the good run starts batched with one whose input holds a NUL character', async () => {
    const batcher = new MicroBatcher<unknown, string>((inputs) => insertBatch(db, inputs), {
      maxBatch: 50,
      maxConcurrent: 1,
    });
    const inputs = [{ tenant: 'a' }, { tenant: 'b', note: 'x\u0000y' }, { tenant: 'c' }, { tenant: 'd' }];

    const settled = await Promise.allSettled(inputs.map((input) => batcher.submit(input)));

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await count(db, 'SELECT count(*) AS n FROM starts')).toBe(3);
    expect(await count(db, `SELECT count(*) AS n FROM starts WHERE input->>'tenant' = 'b'`)).toBe(0);
  });
});
