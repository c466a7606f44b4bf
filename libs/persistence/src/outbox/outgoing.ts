import type { Tx } from '../transaction-runner';
import type { OutgoingMessage } from './outbox-writer';

const written = new WeakMap<Tx, OutgoingMessage[]>();

/**
 * Remembers the messages a transaction wrote to its outbox, so that once it commits they can be
 * published from memory (the relay then only deletes their rows). A transaction that rolls back
 * is dropped with its messages.
 */
export function noteOutgoing(tx: Tx, messages: OutgoingMessage[]): void {
  // Outside a transaction nobody would take them (and a long-lived manager would keep them):
  // such rows are left to the relay's poll.
  if (messages.length === 0 || !tx.queryRunner?.isTransactionActive) return;
  const list = written.get(tx);
  if (list) list.push(...messages);
  else written.set(tx, [...messages]);
}

/** The messages `tx` wrote, in order, forgotten afterwards. */
export function takeOutgoing(tx: Tx): OutgoingMessage[] {
  const list = written.get(tx) ?? [];
  written.delete(tx);
  return list;
}
