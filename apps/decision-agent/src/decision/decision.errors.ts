import { TaskError } from '@ensemble/plugin-contract';
import { DecisionError } from './decision-error';

export { DecisionError, type DecisionErrorCode } from './decision-error';

/** Every decision failure is deterministic, so none is worth a retry. */
export function toTaskError(error: DecisionError): TaskError {
  return new TaskError(error.code, error.message, { retryable: false, details: error.details });
}
