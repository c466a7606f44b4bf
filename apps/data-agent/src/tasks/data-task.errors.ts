import { TaskError } from '@ensemble/plugin-contract';

export type DataTaskErrorCode =
  | 'UNKNOWN_ACTION'
  | 'INVALID_PARAMS'
  | 'INVALID_EXPRESSION'
  | 'TRANSFORM_FAILED'
  | 'EXPRESSION_TIMEOUT'
  | 'EXPRESSION_MEMORY_LIMIT'
  | 'TRANSFORMATION_NOT_FOUND'
  | 'PAYLOAD_NOT_FOUND';

/** Every data-agent task failure is caused by the task itself, so none is worth retrying. */
export function dataTaskError(code: DataTaskErrorCode, message: string, details?: unknown): TaskError {
  return new TaskError(code, message, { retryable: false, ...(details === undefined ? {} : { details }) });
}
