import { isIsoTime, MAX_JSON_DEPTH, unstorableProblem } from './storable';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

describe('unstorableProblem', () => {
  it('accepts ordinary JSON, including paired surrogates (emoji)', () => {
    expect(unstorableProblem({ a: [1, 'x', { b: null, c: 'ok 😀' }], d: true })).toBeUndefined();
  });

  it('finds a NUL character deep in a value and names its path', () => {
    expect(unstorableProblem({ lines: [{ note: 'ok' }, { note: 'a\u0000b' }] }, 'input')).toEqual({
      path: 'input.lines[1].note',
      message: 'must not contain NUL characters or unpaired surrogates',
    });
  });

  it('finds a NUL character in a key', () => {
    expect(unstorableProblem({ 'k\u0000': 1 })?.path).toBe('k\\u0000');
  });

  it('finds unpaired surrogates, high or low', () => {
    expect(unstorableProblem({ a: 'x\uD800' })?.path).toBe('a');
    expect(unstorableProblem({ a: '\uDC00y' })?.path).toBe('a');
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    expect(unstorableProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(unstorableProblem(nested(1_000_000))?.message).toMatch(/deeper than/);
  });

  it('names a top-level string "value" when no path is given', () => {
    expect(unstorableProblem('\u0000')?.path).toBe('value');
  });
});

describe('isIsoTime', () => {
  it('accepts dates and date-times with an offset', () => {
    expect(
      ['2026-02-28', '2024-02-29T10:00:00.123Z', '2026-01-01T10:00:00+02:00'].filter(isIsoTime),
    ).toHaveLength(3);
  });

  it('refuses impossible dates, year zero, huge offsets and loose formats', () => {
    const hostile = [
      '2026-02-30',
      '2026-02-29',
      '0000-01-01',
      '2026-01-01T10:00:00+25:00',
      'tomorrow',
      '1e21',
    ];
    expect(hostile.filter(isIsoTime)).toEqual([]);
  });
});
