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
