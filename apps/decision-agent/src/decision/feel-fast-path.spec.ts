import { evaluate, unaryTest } from 'feelin';
import { evaluateExpression, kindOf, literalKindsOf, passes, type FeelContext } from './feel';
import { expressionPlan, testPlan } from './feel-fast-path';
import { SAFE_FEEL_BUILTINS } from './safe-feel-builtins';

/** What `passes` answered before the fast path: the kind check, then feelin. */
function viaFeelin(test: string, value: unknown): boolean | string {
  const kinds = literalKindsOf(test);
  if (kinds && !kinds.has(kindOf(value))) return false;
  try {
    return unaryTest(test, { '?': value, ...SAFE_FEEL_BUILTINS }).value === true;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

function viaFastPath(test: string, value: unknown): boolean | string {
  try {
    return passes(test, { '?': value });
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LITERALS: Record<string, string[]> = {
  number: ['0', '1', '5', '-5', '2.5', '-0.5', '1000', '0.1'],
  string: ['"a"', '"b"', '"B"', '"ab"', '""', '"é"', '"a\\"b"', '"10"'],
  boolean: ['true', 'false'],
  null: ['null'],
};
const VALUES: unknown[] = [
  0,
  1,
  5,
  -5,
  2.5,
  3,
  -0.5,
  999,
  1000,
  1001,
  0.1,
  0.30000000000000004,
  'a',
  'b',
  'B',
  'ab',
  '',
  'é',
  'a"b',
  '10',
  'z',
  true,
  false,
  null,
  [1],
  { a: 1 },
];
const OPS = ['=', '!=', '<', '<=', '>', '>='];

function generator(seed: number): () => string {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const single = (kind: string): string => {
    const pool = LITERALS[kind] ?? [];
    const shape = next();
    if (shape < 0.35) return pick(pool);
    if (shape < 0.75) return `${pick(OPS)} ${pick(pool)}`;
    return `${pick(['[', '(', ']'])}${pick(pool)}..${pick(pool)}${pick([']', ')', '['])}`;
  };
  return () => {
    const kinds = Object.keys(LITERALS);
    const mixed = next() < 0.2;
    const kind = pick(kinds);
    const count = 1 + Math.floor(next() * 3);
    const tests = Array.from({ length: count }, () => single(mixed ? pick(kinds) : kind)).join(', ');
    return next() < 0.25 ? `not(${tests})` : tests;
  };
}

describe('the FEEL fast path', () => {
  it('compiles the cells the example tables use, and leaves the rest to feelin', () => {
    expect(testPlan('> 1000', 'number')).not.toBeNull();
    expect(testPlan('"gold", "silver"', 'string')).not.toBeNull();
    expect(testPlan('not([1..5))', 'number')).not.toBeNull();
    expect(testPlan('false', 'boolean')).not.toBeNull();
    expect(testPlan('< true', 'boolean')).toBeNull();
    expect(testPlan('> x', 'number')).toBeNull();
    expect(testPlan('[1..5', 'number')).toBeNull();
    expect(expressionPlan('amount')).not.toBeNull();
    expect(expressionPlan('"manual-review"')).not.toBeNull();
    expect(expressionPlan('order.amount')).toBeNull();
    expect(expressionPlan('order size')).toBeNull();
    expect(expressionPlan('matches')).toBeNull();
    expect(expressionPlan('amount * 2')).toBeNull();
  });

  it('answers every generated unary test exactly as feelin does', () => {
    const next = generator(20261207);
    const mismatches: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const test = next();
      for (const value of VALUES) {
        const expected = viaFeelin(test, value);
        const actual = viaFastPath(test, value);
        if (actual !== expected)
          mismatches.push(
            `${test} with ${JSON.stringify(value)}: ${String(actual)}, feelin ${String(expected)}`,
          );
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('evaluates names and literals exactly as feelin does', () => {
    const contexts: FeelContext[] = [
      { amount: 250, valid: true, tier: 'gold', none: null },
      { amount: '250', valid: false, tier: null, list: [1, 2], nested: { a: 1 } },
      { count: 3, sum: 'x', date: 'today', not: 1, matches: 'shadowed' },
      {},
    ];
    const expressions = [
      'amount',
      'valid',
      'tier',
      'none',
      'list',
      'nested',
      'count',
      'sum',
      'date',
      'matches',
      'missing',
      '"gold"',
      '0.1',
      '-5',
      'true',
      'null',
      '"a\\"b"',
    ];
    for (const context of contexts)
      for (const expression of expressions) {
        const expected: unknown = evaluate(expression, { ...context, ...SAFE_FEEL_BUILTINS }).value;
        const actual = evaluateExpression(expression, context);
        if (typeof expected === 'function') expect(typeof actual).toBe('function');
        else expect({ expression, context, value: actual }).toEqual({ expression, context, value: expected });
      }
  });
});
