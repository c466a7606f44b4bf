import { DomainError, isIsoTime } from '@ensemble/contracts';

/**
 * What an RPC request's schema (`RPC_REQUEST_CHECKS`, checked by `checkedPayload`) cannot say:
 * whether a time names a real instant (`2026-02-30` has the shape of a date and is none).
 */
export function checkIsoTime(value: string | undefined, field: string): void {
  if (value !== undefined && !isIsoTime(value))
    throw new DomainError('VALIDATION_FAILED', `${field} must be an ISO 8601 time`, [
      { path: field, message: 'must be an ISO 8601 time' },
    ]);
}
