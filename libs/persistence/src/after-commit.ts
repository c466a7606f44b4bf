import type { Tx } from './transaction-runner';

const pending = new WeakMap<Tx, (() => void)[]>();

/**
 * Runs `effect` once the transaction `tx` commits (TransactionRunner.run), never if it rolls back:
 * for what must only count what happened, such as metrics. Outside a transaction it runs at once.
 */
export function afterCommit(tx: Tx, effect: () => void): void {
  if (!tx.queryRunner?.isTransactionActive) {
    effect();
    return;
  }
  const effects = pending.get(tx);
  if (effects) effects.push(effect);
  else pending.set(tx, [effect]);
}

/** The effects `tx` registered, in order, forgotten afterwards. */
export function takeAfterCommit(tx: Tx): (() => void)[] {
  const effects = pending.get(tx) ?? [];
  pending.delete(tx);
  return effects;
}
