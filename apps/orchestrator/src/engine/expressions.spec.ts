import { ExpressionSandbox, JsonataEvaluator } from '@ensemble/expressions';
import { compileExpression, ExpressionError, Expressions, truthy } from './expressions';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

const scope = {
  input: { amount: 120, items: [{ sku: 'a' }, { sku: 'b' }], tags: [] },
  steps: { normalize: { output: { total: 42, ok: true } } },
};

async function failure(run: () => Promise<unknown>): Promise<ExpressionError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('Expressions', () => {
  const sandbox = new ExpressionSandbox();
  const expressions = new Expressions(new JsonataEvaluator(sandbox));
  afterAll(() => sandbox.close());

  it('evaluates against the run input and earlier step outputs', async () => {
    await expect(expressions.evaluate('input.amount * 2', scope)).resolves.toBe(240);
    await expect(expressions.evaluate('steps.normalize.output.total', scope)).resolves.toBe(42);
    await expect(expressions.evaluate('input.items.sku', scope)).resolves.toEqual(['a', 'b']);
    await expect(expressions.evaluate('{ "n": input.amount }', scope)).resolves.toEqual({ n: 120 });
  });

  it('returns plain data that does not share objects with the scope', async () => {
    const items = (await expressions.evaluate('input.items', scope)) as Array<{ sku: string }>;
    expect(Object.keys(items)).toEqual(['0', '1']);
    items[0].sku = 'changed';
    expect(scope.input.items[0].sku).toBe('a');
  });

  it('keeps a "__proto__" key of JSON input as data', async () => {
    const input: unknown = JSON.parse('{ "__proto__": { "admin": true } }');
    const result = (await expressions.evaluate('input', { input })) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('yields undefined for a path that matches nothing', async () => {
    await expect(expressions.evaluate('steps.missing.output', scope)).resolves.toBeUndefined();
  });

  it('reuses the compiled expression for the same text', async () => {
    await expect(expressions.evaluate('input.amount + 1', scope)).resolves.toBe(121);
    await expect(expressions.evaluate('input.amount + 1', { input: { amount: 1 } })).resolves.toBe(2);
  });

  it('wraps a syntax error with the expression and its position', async () => {
    const error = await failure(() => expressions.evaluate('input.amount >', scope));
    expect(error.expression).toBe('input.amount >');
    expect(error.position).toBe(14);
    expect(error.message).toBe('invalid expression at character 14: Unexpected end of expression');
  });

  it('wraps an evaluation error', async () => {
    const error = await failure(() => expressions.evaluate('input.amount + "x"', scope));
    expect(error.message).toContain('must evaluate to a number');
    expect(error.position).toBe(14);
  });

  it('rejects results that are functions', async () => {
    for (const expression of ['function($x){ $x }', '$string', '{ "f": function($x){ $x } }']) {
      const error = await failure(() => expressions.evaluate(expression, scope));
      expect(error.message).toBe('expression yields a function, not a value');
    }
  });

  it('rejects results holding a NUL character, which Postgres would refuse to store', async () => {
    for (const expression of ['$decodeUrlComponent("a%00b")', '{ $decodeUrlComponent("%00"): 1 }']) {
      const error = await failure(() => expressions.evaluate(expression, scope));
      expect(error.message).toMatch(/NUL/);
    }
  });

  it('stops runaway recursion', async () => {
    const expression = '($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(100000))';
    const error = await failure(() => expressions.evaluate(expression, scope));
    expect(error.message).toContain('Stack overflow');
  });

  it('runs regex literals on RE2, so a catastrophic pattern answers at once', async () => {
    const hostile = { input: { s: `${'a'.repeat(30)}!` } };
    await expect(expressions.test('$contains(input.s, /^(a+)+$/)', hostile)).resolves.toBe(false);
  });

  it('fails an evaluation that runs past its limit with EXPRESSION_TIMEOUT', async () => {
    const expression = '$sum([1..500].($reduce([1..100000], function($a, $v) { $a + $v })))';
    const error = await failure(() => expressions.evaluate(expression, scope));
    expect(error.code).toBe('EXPRESSION_TIMEOUT');
  });

  it('tests conditions with JSONata truthiness', async () => {
    await expect(expressions.test('input.amount > 100', scope)).resolves.toBe(true);
    await expect(expressions.test('steps.normalize.output.ok', scope)).resolves.toBe(true);
    await expect(expressions.test('steps.skipped.output', scope)).resolves.toBe(false);
    await expect(expressions.test('input.tags', scope)).resolves.toBe(false);
    await expect(expressions.test('input.items', scope)).resolves.toBe(true);
  });
});

describe('truthy', () => {
  it('follows $boolean', () => {
    const falsy = [undefined, null, false, 0, '', [], {}, [0, '', false], [[]]];
    const truthyValues = [true, 1, -1, 'x', [0, 1], { a: 0 }, [[1]]];
    expect(falsy.map((value) => truthy(value))).toEqual(falsy.map(() => false));
    expect(truthyValues.map((value) => truthy(value))).toEqual(truthyValues.map(() => true));
  });
});

describe('compileExpression', () => {
  it('throws an ExpressionError carrying the position', () => {
    expect(() => compileExpression('a ++ b')).toThrow(ExpressionError);
    expect(() => compileExpression('a ++ b')).toThrow('at character 4');
  });

  it('refuses a regex literal with a backreference', () => {
    expect(() => compileExpression('$match(input.s, /(a)\\1/)')).toThrow(/not supported/);
  });
});
