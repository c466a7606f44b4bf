import { DEFAULT_PAGE_SIZE, DomainError, MAX_INT4, MAX_PAGE_SIZE } from '@ensemble/contracts';

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const offset = Number(text);
  // Only digits: `1e+21` is an integer to JS but no row offset Postgres can take.
  if (!/^\d{1,10}$/.test(text) || offset > MAX_INT4)
    throw new DomainError('VALIDATION_FAILED', 'cursor is malformed', [
      { path: 'cursor', message: 'must be the nextCursor of a previous page' },
    ]);
  return offset;
}
