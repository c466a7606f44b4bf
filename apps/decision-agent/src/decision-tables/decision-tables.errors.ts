import { DomainError } from '@ensemble/contracts';
import type { TableProblem } from '../decision/decision-table';
import { describeProblems } from '../decision/table-validator';

export function tableNotFound(name: string, version?: number): DomainError {
  const what =
    version === undefined ? `decision table ${name}` : `version ${version} of decision table ${name}`;
  return new DomainError('NOT_FOUND', `${what} does not exist`);
}

/** Paths are relative to the request payload, where the table is `body`. */
export function invalidTableBody(problems: TableProblem[]): DomainError {
  const inBody = problems.map((p) => ({
    path: p.path === '' ? 'body' : `body.${p.path}`,
    message: p.message,
  }));
  return new DomainError('VALIDATION_FAILED', `invalid decision table: ${describeProblems(inBody)}`, inBody);
}

export function archivedVersion(name: string, version: number): DomainError {
  return new DomainError(
    'INVALID_STATE',
    `version ${version} of decision table ${name} is archived; create a new version to use it again`,
  );
}
