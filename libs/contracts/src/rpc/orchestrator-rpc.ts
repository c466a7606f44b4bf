import type { RunStatus } from '../workflows/run-views';
import type { WorkflowDefinition } from '../workflows/workflow-definition';

/**
 * Request payloads of the orchestrator's RPC queue (`<prefix>.rpc.orchestrator`). The tenant
 * is always the envelope's `tenantId`; replies are the views in `run-views.ts`.
 */
export interface WorkflowCreateRequest {
  definition: WorkflowDefinition;
  /** Capabilities the tenant's agents declared (from the registry); the fleet's own are always allowed. */
  declaredCapabilities: string[];
}

export interface WorkflowGetRequest {
  name: string;
  /** Latest when absent. */
  version?: number;
}

export interface WorkflowListRequest {
  name?: string;
  limit?: number;
  cursor?: string;
}

export interface RunStartRequest {
  workflow: string;
  /** Latest when absent; the run pins the version it started with. */
  version?: number;
  input: unknown;
  /** The same key (per tenant) returns the same run. */
  idempotencyKey?: string;
}

export interface RunStartReply {
  runId: string;
  /** False when the idempotency key matched an existing run. */
  created: boolean;
}

export interface RunListRequest {
  status?: RunStatus;
  workflow?: string;
  createdAfter?: string;
  createdBefore?: string;
  limit?: number;
  cursor?: string;
}

export type RunControlAction = 'cancel' | 'pause' | 'resume' | 'retry';

export interface RunControlRequest {
  runId: string;
  action: RunControlAction;
  reason?: string;
}
