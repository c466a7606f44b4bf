import { DomainError } from '@ensemble/contracts';

export function invalidAgentListRequest(problems: string[]): DomainError {
  return new DomainError('VALIDATION_FAILED', 'invalid agent.list request', problems);
}
