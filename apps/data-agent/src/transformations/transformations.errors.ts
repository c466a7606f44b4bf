import { DomainError } from '@ensemble/contracts';
import type { ExpressionProblem } from '@ensemble/expressions';

export function invalidExpression(problem: ExpressionProblem): DomainError {
  return new DomainError('VALIDATION_FAILED', `invalid JSONata expression: ${problem.message}`, {
    field: 'expression',
    ...problem,
  });
}

export function transformationExists(name: string): DomainError {
  return new DomainError('CONFLICT', `a transformation named ${name} already exists`, { name });
}
