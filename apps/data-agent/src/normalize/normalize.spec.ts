import { normalize, parseNormalizeOptions, type NormalizeOptions } from './normalize';

function options(params: Record<string, unknown> = {}): NormalizeOptions {
  const parsed = parseNormalizeOptions(params);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.options;
}

describe('normalize', () => {
  it('trims strings and collapses inner whitespace of every kind', () => {
    expect(normalize({ name: '  Ada \t\n  Lovelace\u00a0 ' }, options())).toEqual({ name: 'Ada Lovelace' });
  });

  it('turns blank strings into null by default and keeps them empty when asked', () => {
    expect(normalize({ a: '   ', b: '' }, options())).toEqual({ a: null, b: null });
    expect(normalize({ a: '   ' }, options({ emptyToNull: false }))).toEqual({ a: '' });
  });

  it('converts strings that are entirely a decimal number', () => {
    expect(normalize(['42', ' -3.25 ', '0', '0.5'], options())).toEqual([42, -3.25, 0, 0.5]);
  });

  it('leaves codes, exponents, partial numbers and unsafe magnitudes as strings', () => {
    const input = ['007', '1e3', '+5', '12abc', '0x1F', 'Infinity', '1.', '.5', '12345678901234567890'];
    expect(normalize(input, options())).toEqual(input);
  });

  it('keeps numeric strings when numericStrings is false', () => {
    expect(normalize({ zip: ' 12345 ' }, options({ numericStrings: false }))).toEqual({ zip: '12345' });
  });

  it('case-folds only the listed paths, through arrays', () => {
    const input = { users: [{ email: ' A@B.COM ', name: 'Ann' }], code: 'ab', other: 'Mixed' };
    expect(normalize(input, options({ lowercase: ['users.email'], uppercase: ['code'] }))).toEqual({
      users: [{ email: 'a@b.com', name: 'Ann' }],
      code: 'AB',
      other: 'Mixed',
    });
  });

  it('drops null properties only when asked, and never array elements', () => {
    const input = { a: null, b: ' ', c: [null, ''], d: 1 };
    expect(normalize(input, options())).toEqual({ a: null, b: null, c: [null, null], d: 1 });
    expect(normalize(input, options({ dropNulls: true }))).toEqual({ c: [null, null], d: 1 });
  });

  it('passes numbers, booleans and null through unchanged', () => {
    expect(normalize([1.5, true, null], options())).toEqual([1.5, true, null]);
  });

  it('does not modify its input', () => {
    const input = { a: ' x ' };
    normalize(input, options());
    expect(input).toEqual({ a: ' x ' });
  });

  it('rejects malformed options, naming each one', () => {
    const parsed = parseNormalizeOptions({ emptyToNull: 'yes', lowercase: 'email' });
    expect(parsed).toEqual({
      ok: false,
      reason: 'params.emptyToNull must be a boolean; params.lowercase must be an array of dot paths',
    });
  });

  it('rejects a path that is both lower- and upper-cased', () => {
    expect(parseNormalizeOptions({ lowercase: ['a'], uppercase: ['a'] }).ok).toBe(false);
  });
});
