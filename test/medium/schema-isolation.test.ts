import { Client } from 'pg';
import { migrateFleet } from '../../tools/fleet/migrate';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

describe('one schema and one role per app', () => {
  let t: TestEnv;

  beforeAll(async () => {
    t = createTestEnv('schemas');
    await migrateFleet(t.config, () => undefined);
  });

  afterAll(async () => {
    await destroyTestEnv(t);
  });

  const as = async <T>(role: string, fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ host: t.config.PGHOST, port: t.config.PGPORT, user: role, database: t.database });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  it("lets an app's role use its own tables", async () => {
    const rows = await as('ensemble_orchestrator', (c) => c.query('SELECT count(*) FROM orchestrator.runs'));
    expect(rows.rowCount).toBe(1);
  });

  it.each([
    ['ensemble_gateway', 'orchestrator.runs'],
    ['ensemble_validation', 'decision.task_executions'],
    ['ensemble_orchestrator', 'gateway.api_keys'],
  ])('denies %s any access to %s', async (role, table) => {
    await expect(as(role, (c) => c.query(`SELECT * FROM ${table}`))).rejects.toMatchObject({ code: '42501' });
  });

  it('is idempotent: migrating again changes nothing', async () => {
    const lines: string[] = [];
    await migrateFleet(t.config, (line) => lines.push(line));
    expect(lines.every((l) => l.endsWith('schema up to date'))).toBe(true);
  });
});
