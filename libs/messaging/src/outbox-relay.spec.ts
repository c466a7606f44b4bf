import type { DataSource } from 'typeorm';
import { createEnvelope } from '@ensemble/contracts';
import type { OutgoingMessage, TransactionRunner } from '@ensemble/persistence';
import { leftoverBackoffMs, OutboxRelay, stillInMemory } from './outbox-relay';
import type { Publisher } from './publisher';

interface Statement {
  where: 'pool' | 'tx';
  text: string;
  values: unknown[];
}

const outgoing = (n: number): OutgoingMessage => ({
  exchange: 'ens.events',
  routingKey: `thing.${String(n)}`,
  envelope: createEnvelope('thing.done.v1', { n }, { tenantId: 't', correlationId: 'c', causationId: 'c' }),
});

/**
 * The relay over a fake database and publisher: `statements` lists what it ran, the poll's
 * SELECT answers `leftovers`, and the publisher refuses envelopes whose id is in `refused`
 * (and holds those in `held` until released).
 */
function relayOver(leftovers: Record<string, unknown>[] = []) {
  const statements: Statement[] = [];
  const refused = new Set<string>();
  const held = new Map<string, () => void>();
  const published: string[] = [];
  let onCommit: ((messages: OutgoingMessage[]) => void) | undefined;
  const tx = {
    query: (text: string, values: unknown[]) => {
      statements.push({ where: 'tx', text, values });
      return Promise.resolve(text.trimStart().startsWith('SELECT') ? leftovers : []);
    },
  };
  const pool = {
    query: ({ text, values }: { text: string; values: unknown[] }) => {
      statements.push({ where: 'pool', text, values });
      return Promise.resolve({ rows: [] });
    },
  };
  const dataSource = {
    driver: { master: pool },
    transaction: <T>(work: (t: typeof tx) => Promise<T>) => work(tx),
  } as unknown as DataSource;
  const publisher = {
    publish: (_: string, routingKey: string, envelope: { id: string }) => {
      if (refused.has(envelope.id)) return Promise.reject(new Error('nack'));
      const release = () => published.push(routingKey);
      if (!held.has(envelope.id)) {
        release();
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        held.set(envelope.id, () => {
          release();
          resolve();
        });
      });
    },
  } as unknown as Publisher;
  const transactions = {
    onCommit: (listener: (messages: OutgoingMessage[]) => void) => {
      onCommit = listener;
    },
  } as unknown as TransactionRunner;
  const relay = new OutboxRelay(dataSource, publisher, transactions);
  const commit = (messages: OutgoingMessage[]) => onCommit?.(messages);
  return { relay, statements, refused, held, published, commit };
}

const deletes = (statements: Statement[]) => statements.filter((s) => s.text.startsWith('DELETE'));
const selects = (statements: Statement[]) =>
  statements.filter((s) => s.text.trimStart().startsWith('SELECT'));

describe('OutboxRelay after a commit', () => {
  it('publishes the committed messages at once and deletes their rows in one statement', async () => {
    const { relay, statements, published, commit } = relayOver();
    relay.start();
    const messages = [outgoing(1), outgoing(2)];

    commit(messages);
    await relay.stop();

    expect(published).toEqual(['thing.1', 'thing.2']);
    expect(deletes(statements)).toEqual([
      {
        where: 'pool',
        text: expect.stringContaining('DELETE FROM outbox') as string,
        values: [messages.map((m) => m.envelope.id)],
      },
    ]);
  });

  it('leaves a message the broker refused in the table for the poll', async () => {
    const { relay, statements, refused, commit } = relayOver();
    relay.start();
    const messages = [outgoing(1), outgoing(2)];
    refused.add(messages[1].envelope.id);

    commit(messages);
    await relay.stop();

    expect(deletes(statements).map((s) => s.values)).toEqual([[[messages[0].envelope.id]]]);
  });

  it('deletes nothing when nothing was published', async () => {
    const { relay, statements, refused, commit } = relayOver();
    relay.start();
    const message = outgoing(1);
    refused.add(message.envelope.id);

    commit([message]);
    await relay.stop();

    expect(deletes(statements)).toEqual([]);
  });

  it('publishes nothing once stopped', async () => {
    const { relay, published, commit } = relayOver();
    relay.start();
    await relay.stop();

    commit([outgoing(1)]);

    expect(published).toEqual([]);
  });

  it('has the poll skip the rows it is still publishing from memory', async () => {
    const { relay, statements, held, commit } = relayOver();
    const message = outgoing(1);
    held.set(message.envelope.id, () => undefined);
    relay.start();
    await Promise.resolve();

    commit([message]);
    relay.kick();
    await new Promise((resolve) => setImmediate(resolve));
    const [, skipping] = selects(statements).map((s) => s.values[2]);
    held.get(message.envelope.id)?.();
    await relay.stop();

    expect(skipping).toEqual([message.envelope.id]);
  });
});

describe('OutboxRelay poll', () => {
  const row = (id: string, attempts: number) => ({
    id,
    exchange: 'ens.events',
    routing_key: `key.${id}`,
    envelope: { id, type: 'thing.done.v1' },
    attempts,
  });

  it('publishes leftovers, deletes the sent ones and backs off the refused ones', async () => {
    const { relay, statements, refused, published } = relayOver([row('a', 0), row('b', 3)]);
    refused.add('b');

    relay.start();
    await relay.stop();

    expect(selects(statements)[0]).toMatchObject({ where: 'tx', values: [500, 2, []] });
    expect(published).toEqual(['key.a']);
    expect(deletes(statements)).toMatchObject([{ where: 'tx', values: [['a']] }]);
    const update = statements.find((s) => s.text.includes('UPDATE outbox'));
    expect(update?.values).toEqual(['b', 'nack', leftoverBackoffMs(3) / 1000]);
  });
});

describe('leftoverBackoffMs', () => {
  it('doubles from 250 ms per failed attempt and stops at 30 s', () => {
    expect([0, 1, 2, 6, 7, 8, 50].map(leftoverBackoffMs)).toEqual([
      250, 500, 1000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('stillInMemory', () => {
  it('lists the ids published from memory within the grace period, not the older ones', () => {
    const inMemory = new Map([
      ['fresh', 10_000],
      ['edge', 5_000],
      ['stale', 4_000],
    ]);

    expect(stillInMemory(inMemory, 35_000, 30_000)).toEqual(['fresh']);
    expect(stillInMemory(inMemory, 34_999, 30_000)).toEqual(['fresh', 'edge']);
  });
});
