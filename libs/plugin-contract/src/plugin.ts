/** Identity of a plugin, reported to the registry. */
export interface PluginMetadata {
  name: string;
  version: string;
  description?: string;
}

/** One attempt of one workflow step, as an agent receives it. */
export interface Task<I = unknown> {
  /** Unique per attempt: the dispatch message id. Use it as an idempotency key downstream. */
  id: string;
  tenantId: string;
  runId: string;
  stepId: string;
  attempt: number;
  capability: string;
  action?: string;
  input: I;
  params: Record<string, unknown>;
  /** ISO time after which the orchestrator no longer waits for this attempt. */
  deadline?: string;
}

export interface TaskContext {
  /** Aborted when the run is cancelled or the process is shutting down. */
  signal: AbortSignal;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * A failure the plugin understands. `retryable: false` fails the step at once (bad input, a rule
 * that can never pass); `true` lets the step's retry policy try again.
 */
export class TaskError extends Error {
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(
    readonly code: string,
    message: string,
    options: { retryable?: boolean; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'TaskError';
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/**
 * An agent plugin: a class with metadata, the capabilities it serves, and `handle`. The host
 * does everything else: queues, acks, deduplication, results, registration, heartbeats.
 */
export interface AgentPlugin<C = Record<string, unknown>> {
  readonly metadata: PluginMetadata;
  /** Capability names, e.g. `validation`; tasks arrive on queue `<prefix>.cap.<capability>`. */
  readonly capabilities: readonly string[];
  /** JSON Schema of the plugin's configuration, checked before `initialize`. */
  readonly configSchema?: Record<string, unknown>;
  initialize?(config: C): Promise<void>;
  /** Returns the step output (any JSON value) or throws (ideally a TaskError). */
  handle(task: Task, ctx: TaskContext): Promise<unknown>;
  shutdown?(): Promise<void>;
}
