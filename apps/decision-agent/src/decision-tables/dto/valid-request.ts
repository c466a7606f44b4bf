import { DomainError, storablePayloadProblems, type Envelope } from '@ensemble/contracts';

/** The envelope's payload as `cls`, or VALIDATION_FAILED listing each problem and its path. */
export async function validRequest<T extends object>(cls: new () => T, envelope: Envelope): Promise<T> {
  const problems = await storablePayloadProblems(cls, envelope.payload);
  if (problems.length > 0) {
    const details = problems.map((problem) => {
      const at = problem.indexOf(': ');
      return at < 0
        ? { path: '', message: problem }
        : { path: problem.slice(0, at), message: problem.slice(at + 2) };
    });
    throw new DomainError(
      'VALIDATION_FAILED',
      `invalid ${envelope.type} request: ${problems.join('; ')}`,
      details,
    );
  }
  return envelope.payload as T;
}
