import { DomainError } from '@ensemble/contracts';
import type { RuleProblem } from '../rules/rule-types';

export function invalidRuleSet(problems: RuleProblem[]): DomainError {
  const summary = problems.length > 0 ? `${problems[0].path}: ${problems[0].message}` : 'invalid rules';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new DomainError('VALIDATION_FAILED', `invalid rule set: ${summary}${more}`, problems);
}
