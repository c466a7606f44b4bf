import {
  DomainError,
  RPC_REQUEST_CHECKS,
  unstorableProblem,
  type Envelope,
  type RpcRequestOf,
  type RpcType,
} from '@ensemble/contracts';

/**
 * The request of an RPC, checked against its contract's JSON Schema (`RPC_REQUEST_CHECKS`), after
 * refusing what the database could never store (a NUL character, hostile nesting). A bad request
 * is VALIDATION_FAILED with `[{ path, message }]` details, the shape of every other validation
 * problem.
 */
export function checkedPayload<T extends RpcType>(type: T, envelope: Envelope<object>): RpcRequestOf<T> {
  const check = RPC_REQUEST_CHECKS[type];
  if (check === undefined) throw new Error(`no request schema for ${type}`);
  const unstorable = unstorableProblem(envelope.payload);
  const problems = unstorable ? [unstorable] : check(envelope.payload);
  if (problems.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `invalid ${type} request: ${problems.map((p) => `${p.path || 'payload'} ${p.message}`).join('; ')}`,
      problems,
    );
  return envelope.payload;
}
