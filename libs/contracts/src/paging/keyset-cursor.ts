import { DomainError } from '../errors/error-codes';
import { MAX_INT4, unstorableTextProblem } from '../limits/storable';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '../workflows/run-views';

/**
 * A key column a list pages by. `timestamp` is Postgres text in UTC with microseconds
 * (`KEYSET_TIMESTAMP_SQL`), so a key compares exactly as the row it came from.
 */
export type CursorField = 'text' | 'int' | 'timestamp' | 'uuid';

type FieldValue<F extends CursorField> = F extends 'int' ? number : string;
export type CursorKey<F extends readonly CursorField[]> = { [I in keyof F]: FieldValue<F[I]> };

/** Bumped when a cursor's layout changes; a cursor of another version is refused, never reread. */
export const CURSOR_VERSION = 1;
/** The longest cursor any list issues or accepts (base64url characters). */
export const MAX_CURSOR_LENGTH = 2048;
const MAX_TEXT_KEY = 512;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SQL rendering `column` (timestamptz) as a `timestamp` cursor field. */
export function keysetTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Page size of a request: the default when absent, never above the maximum. */
export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/**
 * The keyset cursor of one list: the key of the last row shown, tagged with the codec version
 * and the list's name, as base64url JSON. A list reads rows strictly after the key, so rows
 * written between two page reads neither repeat nor push others off a page. Decoding accepts only
 * what `encode` of this list could have produced; anything else is VALIDATION_FAILED on `cursor`.
 */
export class KeysetCursor<const F extends readonly CursorField[]> {
  constructor(
    readonly list: string,
    private readonly fields: F,
  ) {}

  encode(key: CursorKey<F>): string {
    return Buffer.from(JSON.stringify([CURSOR_VERSION, this.list, ...key]), 'utf8').toString('base64url');
  }

  /** The key a page continues after, or undefined for the first page. */
  decode(cursor: string | undefined): CursorKey<F> | undefined {
    if (cursor === undefined) return undefined;
    const key = this.read(cursor);
    if (key === undefined) throw malformedCursor();
    return key;
  }

  /** A page of `size` items from rows read with one extra: the extra row says another page follows. */
  page<R, T>(
    rows: readonly R[],
    size: number,
    item: (row: R) => T,
    keyOf: (row: R) => CursorKey<F>,
  ): Page<T> {
    const shown = rows.slice(0, size);
    const last = shown.at(-1);
    return {
      items: shown.map(item),
      nextCursor: rows.length > size && last !== undefined ? this.encode(keyOf(last)) : null,
    };
  }

  private read(cursor: string): CursorKey<F> | undefined {
    if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return undefined;
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    // Canonical only: padding, standard-base64 characters or invalid UTF-8 do not survive the round trip.
    if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== this.fields.length + 2) return undefined;
    const [version, list, ...values] = parsed as unknown[];
    if (version !== CURSOR_VERSION || list !== this.list) return undefined;
    return values.every((value, i) => validField(this.fields[i], value))
      ? (values as CursorKey<F>)
      : undefined;
  }
}

function validField(field: CursorField | undefined, value: unknown): boolean {
  switch (field) {
    case 'int':
      return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_INT4;
    case 'text':
      return (
        typeof value === 'string' &&
        value.length > 0 &&
        value.length <= MAX_TEXT_KEY &&
        unstorableTextProblem(value, 'cursor') === undefined
      );
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value) && isRealInstant(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case undefined:
      return false;
  }
}

/** `2026-02-30…` matches the pattern but is no instant Postgres accepts. */
function isRealInstant(value: string): boolean {
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 23) === value.slice(0, 23);
}

export function malformedCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'cursor is malformed', [
    { path: 'cursor', message: 'must be the nextCursor of a previous page of this list' },
  ]);
}
