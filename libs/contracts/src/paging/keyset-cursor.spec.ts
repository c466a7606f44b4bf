import { DomainError } from '../errors/error-codes';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../workflows/run-views';
import { KeysetCursor, MAX_CURSOR_LENGTH, pageSize } from './keyset-cursor';

const runs = new KeysetCursor('runs', ['timestamp', 'uuid']);
const names = new KeysetCursor('names', ['text', 'int']);
const AT = '2026-12-07T10:00:00.123456Z';
const ID = '0b6f1c1e-8a5b-4c1e-9f1e-2d1c3b4a5f60';
const raw = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function refusal(decode: () => unknown): unknown {
  try {
    decode();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('keyset cursors', () => {
  it('decode to the key they were made from', () => {
    expect(runs.decode(runs.encode([AT, ID]))).toEqual([AT, ID]);
    expect(names.decode(names.encode(['ünïcode-😀', 7]))).toEqual(['ünïcode-😀', 7]);
    expect(runs.encode([AT, ID])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('read no cursor as the first page', () => {
    expect(runs.decode(undefined)).toBeUndefined();
  });

  const valid = runs.encode([AT, ID]);
  it.each([
    ['the empty string', runs, ''],
    ['!!!', runs, '!!!'],
    ['a tampered character', runs, `${valid.slice(0, 10)}${valid[10] === 'A' ? 'B' : 'A'}${valid.slice(11)}`],
    ['a truncated cursor', runs, valid.slice(0, -3)],
    ['padded base64', runs, `${valid}=`],
    ['a cursor of another list', runs, names.encode(['a', 1])],
    ['another codec version', runs, raw([2, 'runs', AT, ID])],
    ['no version', runs, raw(['runs', AT, ID])],
    ['a missing key field', runs, raw([1, 'runs', AT])],
    ['an extra key field', runs, raw([1, 'runs', AT, ID, 'x'])],
    ['a timestamp without microseconds', runs, raw([1, 'runs', '2026-12-07T10:00:00.123Z', ID])],
    ['an impossible date', runs, raw([1, 'runs', '2026-13-40T10:00:00.123456Z', ID])],
    ['an upper-case or short uuid', runs, raw([1, 'runs', AT, ID.toUpperCase()])],
    ['an offset cursor of the old codec', runs, Buffer.from('50').toString('base64url')],
    ['JSON that is not an array', runs, raw({ v: 1 })],
    ['text that is not JSON', runs, Buffer.from('[1,"runs"').toString('base64url')],
    ['a negative int', names, raw([1, 'names', 'a', -1])],
    ['an int past int4', names, raw([1, 'names', 'a', 2 ** 31])],
    ['a fractional int', names, raw([1, 'names', 'a', 1.5])],
    ['a NUL in a text key', names, raw([1, 'names', 'a\u0000b', 1])],
    ['an empty text key', names, raw([1, 'names', '', 1])],
    [
      'invalid UTF-8',
      names,
      Buffer.concat([Buffer.from('[1,"names","'), Buffer.from([0xc3, 0x28]), Buffer.from('",1]')]).toString(
        'base64url',
      ),
    ],
    ['a day past the end of its month', runs, raw([1, 'runs', '2026-02-30T10:00:00.123456Z', ID])],
    ['an over-long cursor', runs, 'A'.repeat(MAX_CURSOR_LENGTH + 4)],
  ] as const)('refuse %s as a validation error on the cursor', (_what, codec, cursor) => {
    const error = refusal(() => codec.decode(cursor));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
  });
});

describe('keyset pages', () => {
  const rows = [
    { name: 'a', version: 3 },
    { name: 'b', version: 1 },
    { name: 'c', version: 2 },
  ];
  const keyOf = (r: { name: string; version: number }): [string, number] => [r.name, r.version];

  it('continue after the last item shown when the extra row says more follow', () => {
    const page = names.page(rows, 2, (r) => r.name, keyOf);
    expect(page.items).toEqual(['a', 'b']);
    expect(names.decode(page.nextCursor ?? undefined)).toEqual(['b', 1]);
  });

  it('end the listing when no extra row came back', () => {
    expect(names.page(rows, 3, (r) => r.name, keyOf).nextCursor).toBeNull();
    expect(names.page([], 3, (r) => r, keyOf)).toEqual({ items: [], nextCursor: null });
  });

  it('use the default size when none is asked for and never exceed the maximum', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(7)).toBe(7);
    expect(pageSize(0)).toBe(1);
    expect(pageSize(MAX_PAGE_SIZE + 1)).toBe(MAX_PAGE_SIZE);
  });
});
