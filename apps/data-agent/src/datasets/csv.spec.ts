import { CsvError, CsvLimitError, csvRows, parseCsvRecords, parseCsvRows } from './csv';

function failure(text: string): CsvError {
  try {
    parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsvRecords', () => {
  it('keys each row by the header names', () => {
    expect(parseCsvRecords('id,name\n1,Ada\n2,Grace\n')).toEqual([
      { id: '1', name: 'Ada' },
      { id: '2', name: 'Grace' },
    ]);
  });

  it('reads quoted fields holding commas, escaped quotes and line breaks', () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,""\r\n';
    expect(parseCsvRecords(text)).toEqual([
      { id: '1', note: 'a, b' },
      { id: '2', note: 'say "hi"' },
      { id: '3', note: 'two\r\nlines' },
      { id: '4', note: '' },
    ]);
  });

  it('accepts CRLF, LF and CR line ends, a missing final line end and a byte-order mark', () => {
    expect(parseCsvRecords('\uFEFFa,b\r\n1,2\n3,4\r5,6')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
      { a: '5', b: '6' },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsvRecords('a,b,c\n,,\n1,,')).toEqual([
      { a: '', b: '', c: '' },
      { a: '1', b: '', c: '' },
    ]);
  });

  it('skips empty lines', () => {
    expect(parseCsvRecords('a\n\n1\n\n\n2\n')).toEqual([{ a: '1' }, { a: '2' }]);
  });

  it('trims header names', () => {
    expect(parseCsvRecords(' a , b \n1,2')).toEqual([{ a: '1', b: '2' }]);
  });

  it('returns no records for a header alone', () => {
    expect(parseCsvRecords('a,b\r\n')).toEqual([]);
  });

  it('rejects a ragged row with the line it starts on, counting lines inside quotes', () => {
    const error = failure('a,b\n1,"x\ny"\n2\n');
    expect(error.line).toBe(4);
    expect(error.message).toBe('line 4: expected 2 fields, found 1');
  });

  it('rejects a row with too many fields', () => {
    expect(failure('a,b\n1,2\n1,2,3').line).toBe(3);
  });

  it('rejects an unterminated quoted field at the line it opens on', () => {
    expect(failure('a,b\n1,2\n3,"open\nstill open').line).toBe(3);
  });

  it('rejects stray quotes in and after fields', () => {
    expect(failure('a,b\n1,x"y').message).toBe('line 2: a quote inside an unquoted field');
    expect(failure('a,b\n1,"x"y').message).toBe('line 2: text after the closing quote of a field');
  });

  it('rejects a missing header, an unnamed column and a repeated column name', () => {
    expect(failure('').message).toBe('line 1: no header row');
    expect(failure('a,,c\n1,2,3').message).toBe('line 1: column 2 has no name');
    expect(failure('a,b,a\n1,2,3').message).toBe('line 1: column name "a" is repeated');
  });
});

describe('parseCsvRecords with a record limit', () => {
  it('keeps a CSV of exactly the limit', () => {
    expect(parseCsvRecords('a\n1\n2\n3\n', 3)).toHaveLength(3);
  });

  it('stops at the first record beyond the limit without reading the rest', () => {
    const rows = Array.from({ length: 500_000 }, (_, i) => String(i)).join('\n');
    const poisonedTail = '\n"this quote never closes';

    expect(() => parseCsvRecords(`n\n${rows}${poisonedTail}`, 100_000)).toThrow(CsvLimitError);
    expect(() => parseCsvRecords(`n\n1${poisonedTail}`)).toThrow(CsvError);
  });
});

describe('csvRows', () => {
  it('reads rows lazily, one at a time', () => {
    const rows = csvRows('a\n1\n"never closed');
    expect(rows.next().value).toEqual({ line: 1, fields: ['a'] });
    expect(rows.next().value).toEqual({ line: 2, fields: ['1'] });
    expect(() => rows.next()).toThrow(CsvError);
  });
});

describe('parseCsvRows', () => {
  it('reports the starting line of every row', () => {
    expect(parseCsvRows('a\n"1\n2"\n\n3').map((row) => row.line)).toEqual([1, 2, 5]);
  });
});
