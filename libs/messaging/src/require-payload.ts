import { payloadProblems, type Envelope } from '@ensemble/contracts';
import { PoisonMessageError } from './message-errors';

/** Validates an envelope's payload against its contract class; a bad one is poison. */
export async function requirePayload<P extends object>(
  cls: new () => P,
  envelope: Envelope<object>,
): Promise<Envelope<P>> {
  const problems = await payloadProblems(cls, envelope.payload);
  if (problems.length > 0)
    throw new PoisonMessageError(`invalid ${envelope.type} payload: ${problems.join('; ')}`);
  return envelope as Envelope<P>;
}
