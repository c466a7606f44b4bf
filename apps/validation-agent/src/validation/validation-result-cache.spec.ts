import type { ValidationResult } from '../rules/rule-types';
import { resultCacheKey, ValidationResultCache } from './validation-result-cache';

const ref = { tenantId: 't1', name: 'orders', version: 2 };
const result: ValidationResult = { valid: true, failures: [], warnings: [], evaluatedRules: 1 };

describe('resultCacheKey', () => {
  it('does not depend on the key order of the input', () => {
    expect(resultCacheKey(ref, { a: 1, b: { c: 2, d: 3 } })).toBe(
      resultCacheKey(ref, { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('differs by tenant, rule set, version and input', () => {
    const base = resultCacheKey(ref, { a: 1 });
    expect(resultCacheKey({ ...ref, tenantId: 't2' }, { a: 1 })).not.toBe(base);
    expect(resultCacheKey({ ...ref, name: 'other' }, { a: 1 })).not.toBe(base);
    expect(resultCacheKey({ ...ref, version: 3 }, { a: 1 })).not.toBe(base);
    expect(resultCacheKey(ref, { a: 2 })).not.toBe(base);
  });
});

describe('ValidationResultCache', () => {
  it('evaluates an input once per version', () => {
    const cache = new ValidationResultCache(10);
    const evaluate = jest.fn(() => result);
    cache.remember(ref, { x: 1, y: 2 }, evaluate);
    expect(cache.remember(ref, { y: 2, x: 1 }, evaluate)).toBe(result);
    cache.remember({ ...ref, version: 3 }, { x: 1, y: 2 }, evaluate);
    expect(evaluate).toHaveBeenCalledTimes(2);
  });
});
