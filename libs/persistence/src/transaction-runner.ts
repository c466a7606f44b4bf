import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutgoingMessage } from './outbox/outbox-writer';
import { takeOutgoing } from './outbox/outgoing';
import { takeAfterCommit } from './after-commit';
import { poolOf } from './data-source';
import { preparedOnPool } from './prepared';

export type Tx = EntityManager;

/** Told, after a commit, which outbox messages that transaction wrote (possibly none). */
export type CommitListener = (committed: OutgoingMessage[]) => void;

/**
 * Runs a unit of work in one transaction and, only after it commits, hands listeners (the outbox
 * relay) the outbox messages it wrote.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
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
    this.handOver(manager ? takeOutgoing(manager) : []);
    if (manager) for (const effect of takeAfterCommit(manager)) this.runCommitted(effect);
    return result;
  }

  /**
   * A unit of work that is one statement (data-modifying CTEs writing the inbox, the effect and
   * the outbox together): atomic on its own, so it runs without BEGIN/COMMIT, one round trip.
   * Once it returns (committed), listeners get the outbox messages `outgoing` says it wrote.
   */
  async statement<R>(
    text: string,
    values: unknown[],
    outgoing: (rows: R[]) => OutgoingMessage[],
  ): Promise<R[]> {
    const rows = await preparedOnPool<R>(poolOf(this.dataSource), text, values);
    this.handOver(outgoing(rows));
    return rows;
  }

  /** What ran after a commit must not turn a committed unit of work into a failure. */
  private runCommitted(effect: () => void): void {
    try {
      effect();
    } catch (error) {
      this.logger.warn(`an after-commit effect failed: ${(error as Error).message}`);
    }
  }

  private handOver(committed: OutgoingMessage[]): void {
    for (const listener of this.commitListeners) listener(committed);
  }
}
