import { expressionProblem, isAnyEntry, kindOf, literalKindsOf, passes } from './feel';

describe('FEEL cells', () => {
  it.each(['', '   ', '-', ' - '])('%p matches any input', (text) => {
    expect(isAnyEntry(text)).toBe(true);
  });

  it.each(['0', '"-"', '- 1', '--'])('%p is a test, not "any"', (text) => {
    expect(isAnyEntry(text)).toBe(false);
  });

  it('refuses a blank expression as empty, not as a syntax error', () => {
    expect(expressionProblem('   ')).toBe('must be a FEEL expression, not empty');
    expect(expressionProblem('1 +')).toMatch(
      /^is not a valid FEEL expression \(syntax error at character \d+\)$/,
    );
    expect(expressionProblem('a + 1')).toBeNull();
  });
});

describe('the literal kinds a unary test compares with', () => {
  it.each<[string, string[] | null]>([
    ['> 0', ['number']],
    ['[1..5]', ['number']],
    ['"a", "b"', ['string']],
    ['"a", 5', ['string', 'number']],
    ['true', ['boolean']],
    ['null', ['null']],
    ['not(1)', ['number']],
    ['> x', null],
    ['> 0, > limit', null],
    ['date("2026-01-01")', null],
  ])('%s: %p', (test, kinds) => {
    const found = literalKindsOf(test);
    expect(found === null ? null : [...found].sort()).toEqual(kinds === null ? null : [...kinds].sort());
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'null'],
    [1.5, 'number'],
    ['x', 'string'],
    [false, 'boolean'],
    [{}, 'other'],
    [[1], 'other'],
  ])('an input of %p is of kind %s', (value, kind) => {
    expect(kindOf(value)).toBe(kind);
  });

  it('a boolean test matches only booleans; null matches only a missing value', () => {
    expect(passes('true', { '?': true })).toBe(true);
    expect(passes('true', { '?': 'true' })).toBe(false);
    expect(passes('true', { '?': 1 })).toBe(false);
    expect(passes('null', { '?': null })).toBe(true);
    expect(passes('null', { '?': undefined })).toBe(true);
  });
});
