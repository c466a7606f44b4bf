import { DomainError } from '@ensemble/contracts';
import type { TableProblem } from '../decision/decision-table';
import { describeProblems } from '../decision/table-validator';

/** Paths are relative to the request payload, where the table is `body`. */
export function invalidTableBody(problems: TableProblem[]): DomainError {
  const inBody = problems.map((p) => ({
    path: p.path === '' ? 'body' : `body.${p.path}`,
    message: p.message,
  }));
  return new DomainError('VALIDATION_FAILED', `invalid decision table: ${describeProblems(inBody)}`, inBody);
}
