import { SafeRegExp } from '@ensemble/expressions';
import { deepEqual, holds, operandProblem, type Operator } from './operators';

type Case = [Operator, unknown, unknown, boolean];

describe('holds', () => {
  it.each<Case>([
    ['eq', 3, 3, true],
    ['eq', { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    ['eq', '3', 3, false],
    ['ne', 'x', 'y', true],
    ['ne', null, null, false],
    ['gt', 5, 4, true],
    ['gt', 4, 4, false],
    ['gt', '5', 4, false],
    ['gte', 4, 4, true],
    ['gte', '2024-02-01', '2024-01-31', true],
    ['lt', 3, 4, true],
    ['lt', undefined, 4, false],
    ['lte', 4, 4, true],
    ['lte', 5, 4, false],
    ['between', 5, [1, 5], true],
    ['between', 0, [1, 5], false],
    ['between', 'm', ['a', 'z'], true],
    ['between', 3, ['a', 'z'], false],
    ['in', 'b', ['a', 'b'], true],
    ['in', { k: 1 }, [{ k: 1 }], true],
    ['in', 'c', ['a', 'b'], false],
    ['nin', 'c', ['a', 'b'], true],
    ['nin', 'a', ['a', 'b'], false],
    ['exists', 0, undefined, true],
    ['exists', null, undefined, false],
    ['exists', undefined, undefined, false],
    ['notExists', undefined, undefined, true],
    ['notExists', '', undefined, false],
    ['minLength', 'abc', 3, true],
    ['minLength', '😀😀', 2, true],
    ['minLength', [1], 2, false],
    ['minLength', 12345, 2, false],
    ['maxLength', [1, 2], 2, true],
    ['maxLength', 'abc', 2, false],
    ['type', 'x', 'string', true],
    ['type', 1.5, 'number', true],
    ['type', 2, 'number', true],
    ['type', 2, 'integer', true],
    ['type', 2.5, 'integer', false],
    ['type', false, 'boolean', true],
    ['type', {}, 'object', true],
    ['type', [], 'object', false],
    ['type', [], 'array', true],
    ['type', null, 'null', true],
    ['type', undefined, 'null', false],
  ])('%s: %j against %j is %s', (op, actual, expected, result) => {
    expect(holds(op, actual, expected)).toBe(result);
  });

  it('matches strings against the compiled pattern only', () => {
    const pattern = /^[A-Z]-\d+$/u;
    expect(holds('matches', 'A-12', undefined, pattern)).toBe(true);
    expect(holds('matches', 'a-12', undefined, pattern)).toBe(false);
    expect(holds('matches', 12, undefined, /\d+/u)).toBe(false);
  });

  it('matches a catastrophic-backtracking pattern in linear time', () => {
    const started = performance.now();
    expect(holds('matches', `${'a'.repeat(30)}!`, undefined, new SafeRegExp('^(a+)+$', 'u'))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('operandProblem', () => {
  it.each<[Operator, unknown]>([
    ['gt', true],
    ['between', [5, 1]],
    ['between', [1, 'z']],
    ['between', [1]],
    ['in', 'a'],
    ['nin', {}],
    ['matches', '(unclosed'],
    ['matches', 5],
    ['matches', '(a)\\1'],
    ['matches', '^(?=a)'],
    ['minLength', -1],
    ['maxLength', 1.5],
    ['type', 'date'],
  ])('rejects %s with %j', (op, value) => {
    expect(operandProblem(op, value)).toEqual(expect.any(String));
  });

  it.each<[Operator, unknown]>([
    ['eq', null],
    ['gte', '2024-01-01'],
    ['between', [1, 1]],
    ['in', []],
    ['matches', '^\\d+$'],
    ['minLength', 0],
    ['type', 'integer'],
  ])('accepts %s with %j', (op, value) => {
    expect(operandProblem(op, value)).toBeUndefined();
  });
});

describe('deepEqual', () => {
  it('ignores key order but not array order', () => {
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: undefined }, {})).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
});
