import type {
  OnFailure,
  RunStatus,
  StepDefinition,
  StepErrorView,
  StepStatus,
  WorkflowDefinition,
} from '@ensemble/contracts';

export interface RunRecord {
  id: string;
  tenantId: string;
  definitionId: string;
  workflow: string;
  version: number;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: StepErrorView | null;
  idempotencyKey: string | null;
  retryOf: string | null;
  correlationId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface StepRecord {
  stepId: string;
  capability: string;
  status: StepStatus;
  attempt: number;
  taskId: string | null;
  input: unknown;
  output: unknown;
  error: StepErrorView | null;
  dispatchedAt: Date | null;
  finishedAt: Date | null;
}

/** A step that has not started: the state every step of a new run begins in. */
export function pendingStep(stepId: string, capability: string): StepRecord {
  return {
    stepId,
    capability,
    status: 'pending',
    attempt: 0,
    taskId: null,
    input: null,
    output: null,
    error: null,
    dispatchedAt: null,
    finishedAt: null,
  };
}

export type Readiness = 'ready' | 'waiting' | 'blocked';

export function onFailureOf(step: StepDefinition): OnFailure {
  return step.onFailure ?? 'fail';
}

/** A dependency lets its dependents run once it succeeded, was skipped, or failed with `continue`. */
function lets(dep: StepDefinition, record: StepRecord | undefined): 'yes' | 'not-yet' | 'never' {
  switch (record?.status) {
    case 'succeeded':
    case 'skipped':
      return 'yes';
    case 'failed':
      return onFailureOf(dep) === 'continue' ? 'yes' : 'never';
    case 'cancelled':
    case 'compensating':
    case 'compensated':
      return 'never';
    case undefined:
    case 'pending':
    case 'dispatched':
    case 'retry_scheduled':
      return 'not-yet';
  }
}

export function readiness(
  step: StepDefinition,
  byId: Map<string, StepDefinition>,
  records: Map<string, StepRecord>,
): Readiness {
  let waiting = false;
  for (const depId of step.dependsOn ?? []) {
    const dep = byId.get(depId);
    if (!dep) return 'blocked';
    const verdict = lets(dep, records.get(depId));
    if (verdict === 'never') return 'blocked';
    if (verdict === 'not-yet') waiting = true;
  }
  return waiting ? 'waiting' : 'ready';
}

const SETTLED: readonly StepStatus[] = ['succeeded', 'skipped', 'failed', 'cancelled', 'compensated'];

export function isSettled(status: StepStatus): boolean {
  return SETTLED.includes(status);
}

export function isInFlight(status: StepStatus): boolean {
  return status === 'dispatched' || status === 'retry_scheduled' || status === 'compensating';
}

/** The scope JSONata expressions see: the run input and every finished step's output and status. */
export function expressionScope(input: unknown, records: Map<string, StepRecord>): Record<string, unknown> {
  const steps: Record<string, { output: unknown; status: StepStatus }> = {};
  for (const [id, r] of records) steps[id] = { output: r.output, status: r.status };
  return { input, steps };
}

/** Default run output: each succeeded step's output by step id. */
export function defaultOutput(
  definition: WorkflowDefinition,
  records: Map<string, StepRecord>,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const step of definition.steps) {
    const r = records.get(step.id);
    if (r?.status === 'succeeded') output[step.id] = r.output;
  }
  return output;
}
