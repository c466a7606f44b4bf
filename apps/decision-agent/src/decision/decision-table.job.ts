import { DecisionError, type DecisionErrorCode } from './decision-error';
import type { DecisionResult } from './decision-table';
import type { FeelContext } from './feel';
import type { CompiledTable } from './table-compiler';
import { evaluateTable } from './table-evaluator';

export interface DecisionJob {
  table: CompiledTable;
  context: FeelContext;
}

export type DecisionOutcome =
  | { ok: true; result: DecisionResult }
  | { ok: false; code: DecisionErrorCode; message: string; details?: unknown };

/** Runs on a sandbox worker: feelin is synchronous, so only terminating the thread can stop it. */
export default function evaluateDecisionJob(job: DecisionJob): DecisionOutcome {
  try {
    return { ok: true, result: evaluateTable(job.table, job.context) };
  } catch (error) {
    if (!(error instanceof DecisionError)) throw error;
    return { ok: false, code: error.code, message: error.message, details: error.details };
  }
}
