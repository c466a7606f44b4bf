import { evaluateExpression, passes } from './feel';

describe('FEEL regex builtins on RE2', () => {
  it('answers matches() with a catastrophic-backtracking pattern at once', () => {
    const started = performance.now();
    expect(passes('matches(?, "^(a+)+$")', { '?': `${'a'.repeat(30)}!` })).toBe(false);
    expect(evaluateExpression('matches(s, "^(a+)+$")', { s: 'a'.repeat(40) })).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('wins over a context entry of the same name', () => {
    expect(evaluateExpression('matches("ABC", "^abc$", "i")', { matches: 'shadow' })).toBe(true);
  });

  it('keeps the builtins meaning of replace, split and null for wrong argument types', () => {
    expect(evaluateExpression('replace("abcb", "b(c)?", "[$1$0]")', {})).toBe('a[cbc][b]');
    expect(evaluateExpression('split("a1b22c", "[0-9]+")', {})).toEqual(['a', 'b', 'c']);
    expect(evaluateExpression('matches(5, "x")', {})).toBeNull();
  });

  it('fails an evaluation whose pattern RE2 cannot run', () => {
    expect(() => evaluateExpression('matches("aa", p)', { p: '(a)\\1' })).toThrow(/not supported/);
  });
});
