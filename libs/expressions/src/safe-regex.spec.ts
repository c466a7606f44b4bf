import { patternProblem, SafeRegExp, UnsafePatternError } from './safe-regex';

describe('SafeRegExp', () => {
  it('rejects a catastrophic-backtracking input in linear time', () => {
    const re = new SafeRegExp('^(a+)+$');
    const started = performance.now();
    expect(re.test(`${'a'.repeat(30)}!`)).toBe(false);
    expect(re.test('a'.repeat(10_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses backreferences, lookaheads and lookbehinds', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', 'a(?!b)', '(?<=a)b', '(?<!a)b'])
      expect(() => new SafeRegExp(pattern)).toThrow(UnsafePatternError);
  });

  it('names what is wrong with a pattern it cannot run', () => {
    expect(patternProblem('(a)\\1')).toMatch(/not supported/);
    expect(patternProblem('^[a-z]+\\d{2}$')).toBeUndefined();
  });

  it('refuses the sticky flag', () => {
    expect(patternProblem('a', 'y')).toMatch(/flag "y"/);
  });

  it('follows RegExp exec semantics with lastIndex for a global pattern', () => {
    const re = new SafeRegExp(/a(b)?/g);
    const first = re.exec('xxabyab');
    expect(first && [...first]).toEqual(['ab', 'b']);
    expect(first?.index).toBe(2);
    expect(re.lastIndex).toBe(4);
    expect(re.exec('xxabyab')?.index).toBe(5);
    expect(re.exec('xxabyab')).toBeNull();
    expect(re.lastIndex).toBe(0);
  });

  it('honours the case-insensitive and multiline flags', () => {
    expect(new SafeRegExp('^abc$', 'im').test('x\nABC')).toBe(true);
    expect(new SafeRegExp('^abc$').test('x\nABC')).toBe(false);
  });

  it('counts positions in UTF-16 code units, as RegExp does', () => {
    expect(new SafeRegExp('b').exec('😀b')?.index).toBe(2);
  });
});
