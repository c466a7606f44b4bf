import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner, type Tx } from '@ensemble/persistence';
import { RunLoader } from './run-loader';
import type { RunUnit } from './run-unit';
import { RunWriter } from './run-writer';

/** Locks runs by id (in id order) inside `withLockedRuns`; every unit it returns is flushed there. */
export type LockRuns = (runIds: string[]) => Promise<Map<string, RunUnit>>;

/**
 * The one mutate path (STYLE.md §15): lock → load → decide → flush, in one transaction. Handlers
 * (results, timers, run controls) only decide over the locked units; whatever they changed is
 * written by one flush before commit, so state, history, timers and messages commit together.
 */
@Injectable()
export class LockedRuns {
  private readonly logger = new Logger(LockedRuns.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly loader: RunLoader,
    private readonly writer: RunWriter,
  ) {}

  /**
   * Runs `work` over one locked run and flushes what it changed. Undefined, and `work` not called,
   * when the run does not exist or (with `tenantId`) belongs to another tenant.
   */
  async withLockedRun<T>(
    runId: string,
    work: (unit: RunUnit, tx: Tx) => Promise<T>,
    tenantId?: string,
  ): Promise<T | undefined> {
    return this.transactions.run(async (tx) => {
      const unit = await this.loader.lock(tx, runId, tenantId);
      if (!unit) return undefined;
      const value = await work(unit, tx);
      await this.flush(tx, [unit]);
      return value;
    });
  }

  /**
   * For work that does something else in the transaction first (claiming inbox rows): it locks
   * the runs it needs in one go with `lock`, and every unit locked that way is flushed after it.
   */
  async withLockedRuns<T>(work: (tx: Tx, lock: LockRuns) => Promise<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      const locked: RunUnit[] = [];
      const lock: LockRuns = async (runIds) => {
        const units = await this.loader.lockMany(tx, runIds);
        locked.push(...units.values());
        return units;
      };
      const value = await work(tx, lock);
      await this.flush(tx, locked);
      return value;
    });
  }

  private async flush(tx: Tx, units: RunUnit[]): Promise<void> {
    const changed = units.filter((u) => u.changed);
    if (changed.length === 0) return;
    await this.writer.flush(tx, changed);
    for (const unit of changed) {
      if (unit.runDirty)
        this.logger.log(
          { runId: unit.run.id, correlationId: unit.run.correlationId },
          `run ${unit.run.status}`,
        );
    }
  }
}
