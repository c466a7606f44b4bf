/** A CSV problem and the (1-based, physical) line where it is. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** More records than the caller takes; raised as soon as the first extra row is read. */
export class CsvLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} records`);
    this.name = 'CsvLimitError';
  }
}

export interface CsvRow {
  /** Line on which the row starts; a quoted field may span several. */
  line: number;
  fields: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

class Scanner {
  pos: number;
  line = 1;

  constructor(readonly text: string) {
    this.pos = text.startsWith('\uFEFF') ? 1 : 0;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  atLineEnd(): boolean {
    if (this.done) return true;
    const c = this.text[this.pos];
    return c === '\n' || c === '\r';
  }

  skipLineEnd(): void {
    if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
    else if (!this.done) this.pos += 1;
    this.line += 1;
  }
}

/**
 * RFC 4180 rows, read one at a time: comma-separated, fields optionally double-quoted (a quoted
 * field may hold commas, line breaks and `""` for a quote), rows ended by CRLF, LF or CR. Empty
 * lines are skipped.
 */
export function* csvRows(text: string): Generator<CsvRow, void, undefined> {
  const s = new Scanner(text);
  while (!s.done) {
    if (s.atLineEnd()) {
      s.skipLineEnd();
      continue;
    }
    const line = s.line;
    yield { line, fields: readRow(s) };
  }
}

export function parseCsvRows(text: string): CsvRow[] {
  return [...csvRows(text)];
}

function readRow(s: Scanner): string[] {
  const fields: string[] = [];
  for (;;) {
    fields.push(s.text[s.pos] === '"' ? readQuoted(s) : readUnquoted(s));
    if (s.text[s.pos] !== ',') break;
    s.pos += 1;
  }
  if (!s.done) s.skipLineEnd();
  return fields;
}

function readUnquoted(s: Scanner): string {
  const start = s.pos;
  while (!s.atLineEnd() && s.text[s.pos] !== ',') {
    if (s.text[s.pos] === '"') throw new CsvError(s.line, 'a quote inside an unquoted field');
    s.pos += 1;
  }
  return s.text.slice(start, s.pos);
}

function readQuoted(s: Scanner): string {
  const openedOn = s.line;
  let value = '';
  s.pos += 1;
  for (;;) {
    const close = s.text.indexOf('"', s.pos);
    if (close < 0) throw new CsvError(openedOn, 'a quoted field is never closed');
    const chunk = s.text.slice(s.pos, close);
    s.line += chunk.match(LINE_BREAK)?.length ?? 0;
    value += chunk;
    s.pos = close + 1;
    if (s.text[s.pos] !== '"') break;
    value += '"';
    s.pos += 1;
  }
  if (!s.atLineEnd() && s.text[s.pos] !== ',')
    throw new CsvError(s.line, 'text after the closing quote of a field');
  return value;
}

/**
 * Records keyed by the header row's (trimmed) names; every row must have as many fields. Reading
 * stops at the first record beyond `maxRecords` (CsvLimitError): the rest is never parsed.
 */
export function parseCsvRecords(text: string, maxRecords = Infinity): Record<string, string>[] {
  const rows = csvRows(text);
  const header = rows.next();
  if (header.done) throw new CsvError(1, 'no header row');
  const names = columnNames(header.value);
  const records: Record<string, string>[] = [];
  for (const row of rows) {
    if (records.length >= maxRecords) throw new CsvLimitError(maxRecords);
    if (row.fields.length !== names.length)
      throw new CsvError(row.line, `expected ${names.length} fields, found ${row.fields.length}`);
    records.push(Object.fromEntries(names.map((name, i) => [name, row.fields[i] ?? ''])));
  }
  return records;
}

function columnNames(header: CsvRow): string[] {
  const names = header.fields.map((name) => name.trim());
  names.forEach((name, i) => {
    if (name === '') throw new CsvError(header.line, `column ${i + 1} has no name`);
    if (names.indexOf(name) !== i) throw new CsvError(header.line, `column name "${name}" is repeated`);
  });
  return names;
}
