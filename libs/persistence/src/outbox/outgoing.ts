import type { Tx } from '../transaction-runner';
import type { OutgoingMessage } from './outbox-writer';

const written = new WeakMap<Tx, OutgoingMessage[]>();

/**
 * Remembers the messages a transaction wrote to its outbox, so that once it commits they can be
 * published from memory (the relay then only deletes their rows). A transaction that rolls back
 * is dropped with its messages.
 */
export function noteOutgoing(tx: Tx, messages: OutgoingMessage[]): void {
  if (messages.length === 0) return;
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
