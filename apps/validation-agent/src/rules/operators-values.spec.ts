import { deepEqual, holds, operandProblem } from './operators';

describe('deepEqual compares JSON values structurally', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal objects, keys in any order', { a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }, true],
    ['an object with a different value', { a: 1 }, { a: 2 }, false],
    ['an object with an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['objects with the same number of different keys', { a: 1 }, { b: 1 }, false],
    ['a key present with undefined against a missing one', { a: undefined, b: 1 }, { b: 1, c: 1 }, false],
    ['equal arrays', [1, [2, 3]], [1, [2, 3]], true],
    ['arrays in another order', [1, 2], [2, 1], false],
    ['arrays that differ in one item', [1, 2, 3], [1, 2, 4], false],
    ['an array and its prefix', [1, 2], [1, 2, 3], false],
    ['an array and an object', [1], { 0: 1 }, false],
    ['an object and null', { a: 1 }, null, false],
    ['null and an object', null, { a: 1 }, false],
    ['a number and an object', 1, { a: 1 }, false],
    ['an object and a string', { a: 1 }, 'a', false],
    ['null and null', null, null, true],
  ])('%s: %p', (_, a, b, expected) => {
    expect(deepEqual(a, b)).toBe(expected);
    expect(deepEqual(b, a)).toBe(expected);
  });
});

describe('operators over structured and boundary values', () => {
  it('in and nin find objects and arrays by value', () => {
    const allowed = [{ country: 'DE' }, ['a', 'b']];
    expect(holds('in', { country: 'DE' }, allowed)).toBe(true);
    expect(holds('in', ['a', 'b'], allowed)).toBe(true);
    expect(holds('in', { country: 'FR' }, allowed)).toBe(false);
    expect(holds('nin', { country: 'FR' }, allowed)).toBe(true);
    expect(holds('nin', ['a', 'b'], allowed)).toBe(false);
  });

  it('between includes both bounds, and only ordered ranges of one type qualify', () => {
    expect(holds('between', 1, [1, 5])).toBe(true);
    expect(holds('between', 5, [1, 5])).toBe(true);
    expect(holds('between', 0, [1, 5])).toBe(false);
    expect(holds('between', 6, [1, 5])).toBe(false);
    expect(holds('between', 3, [1, 5, 9])).toBe(false);
    expect(holds('between', 3, [1, '5'])).toBe(false);
    expect(holds('between', 3, [5, 1])).toBe(false);
    expect(holds('between', 3, [Number.NaN, 5])).toBe(false);
  });

  it('notExists holds only for a missing value or null', () => {
    expect(holds('notExists', undefined, undefined)).toBe(true);
    expect(holds('notExists', null, undefined)).toBe(true);
    expect(holds('notExists', 0, undefined)).toBe(false);
    expect(holds('notExists', '', undefined)).toBe(false);
  });

  it('type number accepts integers; type integer refuses fractions', () => {
    expect(holds('type', 3, 'number')).toBe(true);
    expect(holds('type', 3.5, 'number')).toBe(true);
    expect(holds('type', 3, 'integer')).toBe(true);
    expect(holds('type', 3.5, 'integer')).toBe(false);
    expect(holds('type', '3', 'number')).toBe(false);
    expect(holds('type', { a: 1 }, 'object')).toBe(true);
    expect(holds('type', [1], 'object')).toBe(false);
  });

  it('lt is strictly less', () => {
    expect(holds('lt', 1, 2)).toBe(true);
    expect(holds('lt', 2, 2)).toBe(false);
    expect(holds('lte', 2, 2)).toBe(true);
  });

  it.each<[Parameters<typeof operandProblem>[0], unknown, string]>([
    ['in', 'a', 'in needs an array of values'],
    ['minLength', -1, 'minLength needs a non-negative integer'],
    ['type', 'decimal', 'type needs one of string, number, integer, boolean, object, array, null'],
    ['matches', 5, 'matches needs a regular expression string'],
  ])('%s refuses the operand %p: %s', (op, value, message) => {
    expect(operandProblem(op, value)).toBe(message);
  });
});
