import { DomainError } from '@ensemble/contracts';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0)
    throw new DomainError('VALIDATION_FAILED', 'cursor is malformed');
  return offset;
}
