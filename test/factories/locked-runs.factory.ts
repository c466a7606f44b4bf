import type { RunWriter } from '../../apps/orchestrator/src/engine/run-writer';
import type { TransactionRunner, Tx } from '@ensemble/persistence';
import { LockedRuns } from '../../apps/orchestrator/src/engine/locked-runs';
import type { RunLoader } from '../../apps/orchestrator/src/engine/run-loader';
import type { RunUnit } from '../../apps/orchestrator/src/engine/run-unit';

/**
 * The one mutate path over in-memory runs: `lock` finds them by id (and tenant), `flushed` lists
 * each flush. No database: the transaction is a plain object.
 */
export function lockedRunsFixture(units: RunUnit[]): { locked: LockedRuns; flushed: RunUnit[][]; tx: Tx } {
  const tx = {} as Tx;
  const byId = new Map(units.map((u) => [u.run.id, u]));
  const flushed: RunUnit[][] = [];
  const transactions = { run: <T>(work: (t: Tx) => Promise<T>) => work(tx) } as unknown as TransactionRunner;
  const loader = {
    lock: (_: Tx, runId: string, tenantId?: string) => {
      const unit = byId.get(runId);
      return Promise.resolve(tenantId === undefined || unit?.run.tenantId === tenantId ? unit : undefined);
    },
    lockMany: (_: Tx, runIds: string[]) =>
      Promise.resolve(
        new Map(runIds.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)] as [string, RunUnit]] : []))),
      ),
  } as unknown as RunLoader;
  const writer = {
    flush: (_: Tx, flushing: RunUnit[]) => {
      flushed.push(flushing);
      return Promise.resolve();
    },
  } as unknown as RunWriter;
  return { locked: new LockedRuns(transactions, loader, writer), flushed, tx };
}
