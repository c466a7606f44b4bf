import { DomainError } from '@ensemble/contracts';

/** A message that can never be handled (bad payload, unknown type): dead-letter it at once. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

export type FailureDisposition = 'retry' | 'dead-letter';

/**
 * Failures say whether to retry: a poison message or a domain rule violation will fail the same
 * way again; anything else (database down, broker hiccup) is transient.
 */
export function dispositionOf(error: unknown): FailureDisposition {
  if (error instanceof PoisonMessageError) return 'dead-letter';
  if (error instanceof DomainError) return 'dead-letter';
  return 'retry';
}
