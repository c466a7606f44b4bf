import type { Tx } from '../transaction-runner';
import { Inbox } from './inbox';

/** A transaction that answers every query with `rows` and records what it was asked. */
function recordingTx(rows: unknown[]): { tx: Tx; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const tx = {
    query: (sql: string, params: unknown[]) => {
      calls.push([sql, params]);
      return Promise.resolve(rows);
    },
  } as unknown as Tx;
  return { tx, calls };
}

// The statements themselves are exercised against Postgres in test/medium/messaging.test.ts.
describe('Inbox', () => {
  const inbox = new Inbox();

  it('claims a message when the insert returned its row, for that consumer', async () => {
    const { tx, calls } = recordingTx([{ '?column?': 1 }]);

    expect(await inbox.claim(tx, 'm1', 'orchestrator')).toBe(true);
    expect(calls.map(([, params]) => params)).toEqual([['m1', 'orchestrator']]);
    expect(calls[0]?.[0]).toContain('ON CONFLICT DO NOTHING');
  });

  it('reports a duplicate when the insert returned nothing', async () => {
    expect(await inbox.claim(recordingTx([]).tx, 'm1', 'c')).toBe(false);
  });

  it('claims many ids in one statement and returns those inserted', async () => {
    const { tx, calls } = recordingTx([{ message_id: 'a' }, { message_id: 'c' }]);

    expect(await inbox.claimMany(tx, ['a', 'b', 'c', 'a'], 'agent')).toEqual(new Set(['a', 'c']));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[1]).toEqual([['a', 'b', 'c', 'a'], 'agent']);
    expect(calls[0]?.[0]).toContain('DISTINCT');
  });

  it('asks the database nothing for an empty batch', async () => {
    const { tx, calls } = recordingTx([{ message_id: 'x' }]);

    expect(await inbox.claimMany(tx, [], 'agent')).toEqual(new Set());
    expect(calls).toEqual([]);
  });

  it('prunes entries older than the given days', async () => {
    const { tx, calls } = recordingTx([]);

    await inbox.prune(tx, 7);

    expect(calls[0]?.[1]).toEqual([7]);
    expect(calls[0]?.[0]).toMatch(/^DELETE FROM inbox WHERE received_at < now\(\) - make_interval/);
  });
});
