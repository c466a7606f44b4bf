import type { RunView, StepRunView } from '@ensemble/contracts';
import type { RunRecord, StepRecord } from '../engine/run-state';

export function toStepView(s: StepRecord): StepRunView {
  return {
    stepId: s.stepId,
    capability: s.capability,
    status: s.status,
    attempt: s.attempt,
    input: s.input ?? null,
    output: s.output ?? null,
    error: s.error,
    dispatchedAt: s.dispatchedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}

export function toRunView(run: RunRecord, steps: StepRecord[], order: string[]): RunView {
  const position = new Map(order.map((id, i) => [id, i]));
  const sorted = [...steps].sort((a, b) => (position.get(a.stepId) ?? 0) - (position.get(b.stepId) ?? 0));
  return {
    id: run.id,
    tenantId: run.tenantId,
    workflow: run.workflow,
    version: run.version,
    status: run.status,
    input: run.input ?? null,
    output: run.output ?? null,
    error: run.error,
    idempotencyKey: run.idempotencyKey,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    steps: sorted.map(toStepView),
  };
}
