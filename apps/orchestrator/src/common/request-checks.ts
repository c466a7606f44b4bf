import { DomainError, isIsoTime, MAX_INT4, unstorableProblem } from '@ensemble/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, expected: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} must be ${expected}`, [
    { path: field, message: `must be ${expected}` },
  ]);
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(field, 'a non-empty string');
  return storable(value, field);
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireString(value, field);
}

export function optionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_INT4)
    throw invalid(field, `an integer from 0 to ${MAX_INT4}`);
  return value;
}

/** A workflow version: versions start at 1, as the gateway's contract says. */
export function optionalVersion(value: unknown, field: string): number | undefined {
  const version = optionalInt(value, field);
  if (version === 0) throw invalid(field, `an integer from 1 to ${MAX_INT4}`);
  return version;
}

export function requireUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalid(field, 'a UUID');
  return value;
}

export function optionalIsoTime(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !isIsoTime(value)) throw invalid(field, 'an ISO 8601 time');
  return value;
}

/** Any JSON the caller sends that the database would reject (a NUL character) fails here, alone. */
export function storable<T>(value: T, field: string): T {
  const problem = unstorableProblem(value, field);
  if (problem) throw new DomainError('VALIDATION_FAILED', `${problem.path} ${problem.message}`, [problem]);
  return value;
}
