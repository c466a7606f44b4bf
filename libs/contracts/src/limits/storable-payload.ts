import { payloadProblems } from '../envelope/validate-envelope';
import { unstorableProblem } from './storable';

/**
 * payloadProblems, after first refusing what the database would reject (NUL characters, unpaired
 * surrogates, hostile nesting): such a payload is never handed to the class transformer.
 */
export async function storablePayloadProblems<T extends object>(
  cls: new () => T,
  payload: object,
): Promise<string[]> {
  const problem = unstorableProblem(payload);
  if (problem) return [`${problem.path}: ${problem.message}`];
  return payloadProblems(cls, payload);
}
