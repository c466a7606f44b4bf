import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type Tx = EntityManager;

/**
 * Runs a unit of work in one transaction and, only after it commits, tells listeners (the outbox
 * relay) that there is something new to do.
 */
@Injectable()
export class TransactionRunner {
  private readonly commitListeners: (() => void)[] = [];

  constructor(private readonly dataSource: DataSource) {}

  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    for (const listener of this.commitListeners) listener();
    return result;
  }
}
