export const RUN_STATUSES = [
  'running',
  'paused',
  'compensating',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export const STEP_STATUSES = [
  'pending',
  'dispatched',
  'retry_scheduled',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'compensating',
  'compensated',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface StepErrorView {
  code: string;
  message: string;
  retryable: boolean;
  details?: unknown;
}

export interface StepRunView {
  stepId: string;
  capability: string;
  status: StepStatus;
  attempt: number;
  input: unknown;
  output: unknown;
  error: StepErrorView | null;
  dispatchedAt: string | null;
  finishedAt: string | null;
}

export interface RunView {
  id: string;
  tenantId: string;
  workflow: string;
  version: number;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: StepErrorView | null;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
  steps: StepRunView[];
}

export interface RunEventView {
  seq: number;
  type: string;
  stepId: string | null;
  data: unknown;
  at: string;
}

export interface WorkflowView {
  id: string;
  name: string;
  version: number;
  definition: unknown;
  createdAt: string;
}

/** Page sizes of every list answered with a `Page`. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
