/**
 * Read models one app publishes to another through Postgres (ADR 0008): views the owner builds
 * over its own tables and grants to named readers only. Each row is keyed by tenant and id and
 * carries `document`, the API's JSON for it.
 */
export const READ_MODELS = {
  /** One row per run: `tenant_id`, `id`, `document` (a `RunView`). */
  runs: 'orchestrator.run_documents',
  /** One row per run event: `tenant_id`, `run_id`, `seq`, `document` (a `RunEventView`). */
  runHistory: 'orchestrator.run_history_documents',
} as const;
