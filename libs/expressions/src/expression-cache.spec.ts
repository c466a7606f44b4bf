import { ExpressionCache } from './expression-cache';

describe('ExpressionCache', () => {
  it('compiles an expression text once', () => {
    const cache = new ExpressionCache();
    const first = cache.compile('a + 1');
    const second = cache.compile('a + 1');
    expect(first.ok && second.ok && first.expression === second.expression).toBe(true);
  });

  it('stops an expression that recurses without end', async () => {
    const cache = new ExpressionCache();
    const compiled = cache.compile('($f := function($n) { 1 + $f($n) }; $f(1))');
    if (!compiled.ok) throw new Error('expected the expression to compile');
    await expect(compiled.expression.evaluate(null)).rejects.toMatchObject({ code: 'D1011' });
  });
});
