import { TaskError } from '@ensemble/plugin-contract';

export type CoordinatorTaskErrorCode =
  | 'UNKNOWN_ACTION'
  | 'INVALID_INPUT'
  | 'INVALID_PARAMS'
  | 'INVALID_EXPRESSION'
  | 'AGGREGATE_ITEM_INVALID'
  | 'MAP_ITEM_FAILED'
  | 'EXPRESSION_TIMEOUT'
  | 'EXPRESSION_MEMORY_LIMIT';

/** These failures come from the task itself and would recur, so none is retried. */
export function coordinatorTaskError(
  code: CoordinatorTaskErrorCode,
  message: string,
  details?: unknown,
): TaskError {
  return new TaskError(code, message, { retryable: false, ...(details === undefined ? {} : { details }) });
}
