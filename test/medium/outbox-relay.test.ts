import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Envelope } from '@ensemble/contracts';
import { OutboxRelay, type Publisher } from '@ensemble/messaging';
import { OutboxWriter, TransactionRunner } from '@ensemble/persistence';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/** The relay publishes a committed message from memory; its slow poll must not publish it again. */
describe('OutboxRelay against an app schema', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let db: DataSource;

  beforeAll(async () => {
    t = createTestEnv('outbox_relay');
    sources = await appDataSources(t, ['data']);
    db = sourceOf(sources, 'data');
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  it('leaves a row alone while this process still publishes it from memory, however old the row', async () => {
    const published: string[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A broker that confirms nothing until released: the in-memory publish outlives LEFTOVER_AGE_S.
    const publisher = {
      publish: async (_exchange: string, _key: string, envelope: Envelope<object>): Promise<void> => {
        published.push(envelope.id);
        await held;
      },
    } as unknown as Publisher;
    const transactions = new TransactionRunner(db);
    const relay = new OutboxRelay(db, publisher, transactions);
    relay.start();
    const id = randomUUID();
    await transactions.run((tx) =>
      new OutboxWriter().add(tx, [
        { exchange: '', routingKey: 'q', envelope: { id, type: 'probe.v1' } as Envelope<object> },
      ]),
    );
    await db.query(`UPDATE outbox SET created_at = now() - interval '10 seconds' WHERE id = $1`, [id]);
    // Two polls (one a second) see the old row while the in-memory publish waits for its confirm.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    expect(published).toEqual([id]);
    release();
    await eventually(
      async () => {
        const rows: unknown[] = await db.query(`SELECT 1 FROM outbox WHERE id = $1`, [id]);
        return rows.length === 0 ? true : undefined;
      },
      'the published row to be deleted',
      10_000,
      100,
    );
    await relay.stop();
    expect(published).toEqual([id]);
  });
});
