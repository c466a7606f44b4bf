import { TaskError } from '@ensemble/plugin-contract';

export type DecisionErrorCode =
  | 'INVALID_DECISION_TABLE'
  | 'INVALID_DECISION_PARAMS'
  | 'INVALID_DECISION_INPUT'
  | 'INVALID_DECISION_OUTPUT'
  | 'FEEL_ERROR'
  | 'DECISION_HIT_POLICY_VIOLATION'
  | 'DECISION_TABLE_NOT_FOUND';

/** A decision that can never succeed as asked: the same table and input fail the same way. */
export class DecisionError extends Error {
  constructor(
    readonly code: DecisionErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

/** Every decision failure is deterministic, so none is worth a retry. */
export function toTaskError(error: DecisionError): TaskError {
  return new TaskError(error.code, error.message, { retryable: false, details: error.details });
}
