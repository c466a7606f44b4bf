import { DomainError, storablePayloadProblems, type Envelope } from '@ensemble/contracts';

/** The envelope's payload as `cls`, or VALIDATION_FAILED listing every problem. */
export async function validPayload<T extends object>(cls: new () => T, envelope: Envelope): Promise<T> {
  const problems = await storablePayloadProblems(cls, envelope.payload);
  if (problems.length > 0)
    throw new DomainError('VALIDATION_FAILED', `invalid ${envelope.type} payload`, problems);
  return envelope.payload as T;
}
