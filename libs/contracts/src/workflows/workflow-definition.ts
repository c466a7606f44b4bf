/** Backoff between attempts of one step. Delays are in milliseconds. */
export interface RetryPolicy {
  maxAttempts: number;
  backoff?: 'fixed' | 'exponential';
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Spread each delay uniformly over [delay/2, delay] so retries of many runs do not align. */
  jitter?: boolean;
  /** Error codes that fail the step at once, whatever attempts remain. */
  nonRetryableErrors?: string[];
}

export type OnFailure = 'fail' | 'continue' | 'compensate';

export interface TaskSpec {
  capability: string;
  action?: string;
  /** JSONata over `{ input, steps }`; its value is the task's input. Default: the run input. */
  input?: string;
  /** Static parameters handed to the agent unchanged. */
  params?: Record<string, unknown>;
}

export interface StepDefinition extends TaskSpec {
  id: string;
  dependsOn?: string[];
  /** JSONata condition over `{ input, steps }`; false skips the step. */
  when?: string;
  retry?: RetryPolicy;
  timeoutMs?: number;
  onFailure?: OnFailure;
  /** The task that undoes this step when the run is compensated. */
  compensate?: TaskSpec;
}

export interface WorkflowDefinition {
  name: string;
  description?: string;
  /** JSON Schema the run input must satisfy. */
  inputSchema?: Record<string, unknown>;
  steps: StepDefinition[];
  /** JSONata over `{ input, steps }` giving the run output. Default: every step's output. */
  output?: string;
}

export const STEP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const CAPABILITY_PATTERN = /^[a-z][a-z0-9-]{0,62}(\.[a-z][a-z0-9-]{0,62})*$/;
