import { DomainError } from '@ensemble/contracts';
import type { CsvError } from './csv';

export function datasetNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `dataset ${id} not found`, { id });
}

export function datasetExists(name: string): DomainError {
  return new DomainError('CONFLICT', `a dataset named ${name} already exists`, { name });
}

export function invalidCsv(error: CsvError): DomainError {
  return new DomainError('VALIDATION_FAILED', `invalid CSV: ${error.message}`, {
    field: 'csv',
    line: error.line,
  });
}

export function tooManyRecords(max: number): DomainError {
  return new DomainError('VALIDATION_FAILED', `a dataset holds at most ${max} records, got more`, {
    field: 'csv',
    max,
  });
}
