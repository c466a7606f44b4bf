import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutgoingMessage } from './outbox/outbox-writer';
import { takeOutgoing } from './outbox/outgoing';

export type Tx = EntityManager;

/** Told, after a commit, which outbox messages that transaction wrote (possibly none). */
export type CommitListener = (committed: OutgoingMessage[]) => void;

/**
 * Runs a unit of work in one transaction and, only after it commits, hands listeners (the outbox
 * relay) the outbox messages it wrote.
 */
@Injectable()
export class TransactionRunner {
  private readonly commitListeners: CommitListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let manager: Tx | undefined;
    const result = await this.dataSource.transaction((tx) => {
      manager = tx;
      return work(tx);
    });
    const committed = manager ? takeOutgoing(manager) : [];
    for (const listener of this.commitListeners) listener(committed);
    return result;
  }
}
