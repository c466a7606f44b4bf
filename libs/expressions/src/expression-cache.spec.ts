import { ExpressionCache } from './expression-cache';
import { JsonataEvaluator } from './jsonata-evaluator';
import { ExpressionSandbox } from './sandbox/expression-sandbox';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

describe('ExpressionCache', () => {
  const sandbox = new ExpressionSandbox();
  afterAll(() => sandbox.close());

  it('compiles an expression text once', () => {
    const cache = new ExpressionCache(new JsonataEvaluator(sandbox));
    const first = cache.compile('a + 1');
    const second = cache.compile('a + 1');
    expect(first.ok && second.ok && first.expression === second.expression).toBe(true);
  });

  it('stops an expression that recurses without end', async () => {
    const cache = new ExpressionCache(new JsonataEvaluator(sandbox));
    const compiled = cache.compile('($f := function($n) { 1 + $f($n) }; $f(1))');
    if (!compiled.ok) throw new Error('expected the expression to compile');
    await expect(compiled.expression.evaluate(null)).rejects.toMatchObject({ code: 'D1011' });
  });

  it('refuses a regex literal the linear-time engine cannot run, naming its position', () => {
    const compiled = new ExpressionCache(new JsonataEvaluator(sandbox)).compile('$match(s, /(a)\\1/)');
    expect(compiled).toMatchObject({
      ok: false,
      problem: { code: 'UNSAFE_PATTERN', position: expect.any(Number) as unknown },
    });
  });
});
