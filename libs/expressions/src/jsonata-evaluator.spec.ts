import { JsonataEvaluator } from './jsonata-evaluator';
import { ExpressionSandbox, ExpressionTimeoutError } from './sandbox/expression-sandbox';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

const LIMITS = { timeoutMs: 1000, stack: 500, sequence: 1_000_000 };
const HOSTILE = '$sum([1..200].($reduce([1..100000], function($a, $v) { $a + $v })))';

describe('JsonataEvaluator', () => {
  const sandbox = new ExpressionSandbox();
  const evaluator = new JsonataEvaluator(sandbox);
  afterAll(() => sandbox.close());

  it('evaluates a cheap expression in-process', async () => {
    await expect(evaluator.compile('a + 1', LIMITS).evaluate({ a: 1 })).resolves.toBe(2);
  });

  it('runs a JSONata regex on RE2, so a catastrophic pattern answers at once', async () => {
    const expression = evaluator.compile('$contains(s, /^(a+)+$/)', LIMITS);
    await expect(expression.evaluate({ s: `${'a'.repeat(30)}!` })).resolves.toBe(false);
  });

  it('finishes an expression past the in-process budget on a worker', async () => {
    const expression = evaluator.compile('$reduce([1..20000], function($a, $v) { $a + $v })', LIMITS);
    await expect(expression.evaluate(null)).resolves.toBe(200010000);
  });

  it('stops a hostile evaluation with EXPRESSION_TIMEOUT while the event loop keeps ticking', async () => {
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 10);
    const started = performance.now();
    try {
      await expect(evaluator.compile(HOSTILE, LIMITS).evaluate(null)).rejects.toBeInstanceOf(
        ExpressionTimeoutError,
      );
    } finally {
      clearInterval(ticker);
    }
    expect(performance.now() - started).toBeLessThan(5000);
    // A blocked loop would not tick for the whole 1 s limit; a busy shared box delays single ticks.
    expect(ticks).toBeGreaterThan(30);
    expect(longestGap).toBeLessThan(500);
  });

  it('keeps serving after a worker was stopped', async () => {
    const expression = evaluator.compile('$reduce([1..20000], function($a, $v) { $a + $v })', LIMITS);
    await expect(expression.evaluate(null)).resolves.toBe(200010000);
  });
});
