import { evaluateRules } from './rule-evaluator';
import { parseRules } from './rule-parser';
import type { ValidationResult } from './rule-types';

function evaluate(rules: unknown[], data: unknown): ValidationResult {
  const parsed = parseRules(rules);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return evaluateRules(parsed.rules, data);
}

const order = { total: 120, currency: 'EUR', items: [{ sku: 'A-1', qty: 2 }], limit: 100, kind: 'b2c' };

describe('evaluateRules', () => {
  it('keeps the original output for the original rule format', () => {
    const result = evaluate(
      [{ id: 'r1', message: 'too big', all: [{ path: 'total', op: 'lte', value: 100 }] }],
      order,
    );
    expect(result).toEqual({
      valid: false,
      failures: [
        {
          rule: 'r1',
          path: 'total',
          op: 'lte',
          expected: 100,
          actual: 120,
          message: 'too big',
          severity: 'error',
        },
      ],
      warnings: [],
      evaluatedRules: 1,
    });
  });

  it('reports every failed leaf of an all group', () => {
    const result = evaluate(
      [
        {
          id: 'r',
          all: [
            { path: 'currency', op: 'in', value: ['USD'] },
            { path: 'items[0].qty', op: 'gt', value: 5 },
            { path: 'total', op: 'gt', value: 0 },
          ],
        },
      ],
      order,
    );
    expect(result.failures.map((f) => f.path)).toEqual(['currency', 'items[0].qty']);
  });

  it('passes an any group when one branch holds and explains every branch when none does', () => {
    const any = (value: string): unknown[] => [
      {
        id: 'r',
        any: [
          { path: 'currency', op: 'eq', value },
          { path: 'total', op: 'lt', value: 50 },
        ],
      },
    ];
    expect(evaluate(any('EUR'), order).valid).toBe(true);
    expect(evaluate(any('USD'), order).failures.map((f) => f.op)).toEqual(['eq', 'lt']);
  });

  it('fails a not when its condition holds, naming the leaf with generated negated messages', () => {
    const result = evaluate([{ id: 'r', not: { path: 'kind', op: 'eq', value: 'b2c' } }], order);
    expect(result.failures).toEqual([
      expect.objectContaining({
        path: 'kind',
        op: 'eq',
        negated: true,
        message: 'kind must not equal "b2c"',
      }),
    ]);
  });

  it('applies De Morgan under not: not(any) fails on each branch that held', () => {
    const result = evaluate(
      [
        {
          id: 'r',
          not: {
            any: [
              { path: 'total', op: 'gt', value: 100 },
              { path: 'currency', op: 'eq', value: 'USD' },
            ],
          },
        },
      ],
      order,
    );
    expect(result.failures.map((f) => f.message)).toEqual(['total must be at most 100']);
  });

  it('skips a rule whose when does not hold and does not count it', () => {
    const rules = [
      {
        id: 'b2b-only',
        when: { path: 'kind', op: 'eq', value: 'b2b' },
        all: [{ path: 'vat', op: 'exists' }],
      },
      { id: 'always', all: [{ path: 'total', op: 'gt', value: 0 }] },
    ];
    expect(evaluate(rules, order)).toMatchObject({ valid: true, evaluatedRules: 1 });
    expect(evaluate(rules, { ...order, kind: 'b2b' })).toMatchObject({ valid: false, evaluatedRules: 2 });
  });

  it('keeps warnings apart so they never make the result invalid', () => {
    const result = evaluate(
      [{ id: 'soft', severity: 'warning', all: [{ path: 'total', op: 'lt', value: 100 }] }],
      order,
    );
    expect(result.valid).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ rule: 'soft', severity: 'warning', message: 'total must be less than 100' }),
    ]);
  });

  it('compares with another path of the same data through valueFrom', () => {
    const result = evaluate([{ id: 'r', all: [{ path: 'total', op: 'lte', valueFrom: 'limit' }] }], order);
    expect(result.failures).toEqual([
      expect.objectContaining({
        expected: 100,
        expectedFrom: 'limit',
        actual: 120,
        message: 'total must be at most limit (100)',
      }),
    ]);
    expect(
      evaluate([{ id: 'r', all: [{ path: 'total', op: 'lte', valueFrom: 'missing' }] }], order).valid,
    ).toBe(false);
  });

  it('reports an absent value as null and says it is required', () => {
    const result = evaluate([{ id: 'r', all: [{ path: 'customer.id', op: 'exists' }] }], order);
    expect(result.failures[0]).toMatchObject({
      actual: null,
      expected: null,
      message: 'customer.id is required',
    });
  });
});
