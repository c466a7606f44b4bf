import { DomainError } from '@ensemble/contracts';
import { optionalInt, optionalIsoTime, optionalVersion, storable } from './request-checks';

function pathOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED')
      return (error.details as { path: string }[])[0]?.path ?? '';
    throw error;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('orchestrator request checks refuse what Postgres would reject', () => {
  it('refuses a run input holding a NUL character, naming the field', () => {
    expect(pathOf(() => storable({ note: 'a\u0000b' }, 'input'))).toBe('input.note');
    expect(storable({ note: 'ok' }, 'input')).toEqual({ note: 'ok' });
  });

  it('refuses integers beyond a Postgres integer', () => {
    expect(pathOf(() => optionalInt(1e15, 'version'))).toBe('version');
    expect(optionalInt(2_147_483_647, 'version')).toBe(2_147_483_647);
    expect(pathOf(() => optionalVersion(0, 'version'))).toBe('version');
    expect(optionalVersion(1, 'version')).toBe(1);
  });

  it('refuses impossible dates', () => {
    expect(pathOf(() => optionalIsoTime('2026-02-30', 'createdAfter'))).toBe('createdAfter');
    expect(optionalIsoTime('2026-02-28T00:00:00Z', 'createdAfter')).toBe('2026-02-28T00:00:00Z');
  });
});
