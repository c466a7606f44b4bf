import { KeysetCursor, pageSize, type Page, type RunView } from '@ensemble/contracts';
import type { RunFilter, RunsRepository } from '../engine/runs.repository';
import { toRunView } from './run-views';

export type RunSummary = Omit<RunView, 'steps'>;

const RUN_CURSOR = new KeysetCursor('runs', ['timestamp', 'uuid']);

/** A keyset page of a tenant's runs, newest first; runs started meanwhile never shift it. */
export async function listRunPage(
  runs: RunsRepository,
  tenantId: string,
  filter: RunFilter,
  limit?: number,
  cursor?: string,
): Promise<Page<RunSummary>> {
  const size = pageSize(limit);
  const rows = await runs.listRuns(tenantId, filter, size + 1, RUN_CURSOR.decode(cursor));
  return RUN_CURSOR.page(
    rows,
    size,
    (run) => {
      const { steps: _steps, ...view } = toRunView(run, [], []);
      return view;
    },
    (run) => run.key,
  );
}
