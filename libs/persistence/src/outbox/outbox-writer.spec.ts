import type { Envelope } from '@ensemble/contracts';
import type { Tx } from '../transaction-runner';
import { OutboxWriter } from './outbox-writer';

function recordingTx(): { tx: Tx; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const tx = {
    query: (sql: string, params: unknown[]) => {
      calls.push([sql, params]);
      return Promise.resolve([]);
    },
  } as unknown as Tx;
  return { tx, calls };
}

const envelope = (id: string): Envelope<object> =>
  ({ id, type: 'a.b.v1', payload: { n: id } }) as unknown as Envelope<object>;

// The statement itself is exercised against Postgres in test/medium/messaging.test.ts.
describe('OutboxWriter', () => {
  it('adds every message in one statement, keyed by its envelope id, in the caller transaction', async () => {
    const { tx, calls } = recordingTx();

    await new OutboxWriter().add(tx, [
      { exchange: '', routingKey: 'q1', envelope: envelope('e1') },
      { exchange: 'x', routingKey: 'k2', envelope: envelope('e2') },
    ]);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toMatch(/^INSERT INTO outbox \(id, exchange, routing_key, envelope\)/);
    expect(calls[0]?.[1]).toEqual([
      ['e1', 'e2'],
      ['', 'x'],
      ['q1', 'k2'],
      [JSON.stringify(envelope('e1')), JSON.stringify(envelope('e2'))],
    ]);
  });

  it('asks the database nothing when there is nothing to send', async () => {
    const { tx, calls } = recordingTx();

    await new OutboxWriter().add(tx, []);

    expect(calls).toEqual([]);
  });
});
