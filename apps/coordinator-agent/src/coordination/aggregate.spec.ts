import { aggregate, AggregateItemError, parseAggregateSpec, type AggregateSpec } from './aggregate';

const orders = [
  { id: 1, region: 'eu', total: { amount: 10 } },
  { id: 2, region: 'us', total: { amount: 5 } },
  { id: 3, region: 'eu', total: { amount: 30 } },
  { id: 4, region: 'apac', total: {} },
];

function spec(params: Record<string, unknown>): AggregateSpec {
  const parsed = parseAggregateSpec(params);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.spec;
}

describe('aggregate', () => {
  it('sums, averages and bounds the values at a path, skipping missing ones', () => {
    const path = 'total.amount';
    expect(aggregate(orders, spec({ op: 'sum', path }))).toBe(45);
    expect(aggregate(orders, spec({ op: 'avg', path }))).toBe(15);
    expect(aggregate(orders, spec({ op: 'min', path }))).toBe(5);
    expect(aggregate(orders, spec({ op: 'max', path }))).toBe(30);
  });

  it('aggregates the items themselves when no path is given', () => {
    expect(aggregate([3, null, 4], spec({ op: 'sum' }))).toBe(7);
    expect(aggregate([3, 4], spec({ op: 'max' }))).toBe(4);
  });

  it('gives 0 for the sum and null for avg, min and max of nothing', () => {
    expect(aggregate([], spec({ op: 'sum' }))).toBe(0);
    expect(aggregate([], spec({ op: 'avg' }))).toBeNull();
    expect(aggregate([{}], spec({ op: 'min', path: 'x' }))).toBeNull();
    expect(aggregate([], spec({ op: 'max' }))).toBeNull();
  });

  it('counts items, or the items that have a value at the path', () => {
    expect(aggregate(orders, spec({ op: 'count' }))).toBe(4);
    expect(aggregate(orders, spec({ op: 'count', path: 'total.amount' }))).toBe(3);
  });

  it('groups whole items by key in input order', () => {
    expect(aggregate(orders, spec({ op: 'group', by: 'region' }))).toEqual({
      eu: [orders[0], orders[2]],
      us: [orders[1]],
      apac: [orders[3]],
    });
  });

  it('groups missing keys under null and non-string keys by their JSON', () => {
    expect(aggregate([{ k: 1 }, {}, { k: null }, { k: true }], spec({ op: 'group', by: 'k' }))).toEqual({
      '1': [{ k: 1 }],
      null: [{}, { k: null }],
      true: [{ k: true }],
    });
  });

  it('keeps a group named __proto__ as an ordinary key', () => {
    const result = aggregate([{ k: '__proto__' }], spec({ op: 'group', by: 'k' })) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__']);
  });

  it('lists distinct values in first-seen order, objects equal whatever their key order', () => {
    expect(aggregate(orders, spec({ op: 'distinct', path: 'region' }))).toEqual(['eu', 'us', 'apac']);
    expect(aggregate([{ a: 1, b: 2 }, { b: 2, a: 1 }, 1, '1'], spec({ op: 'distinct' }))).toEqual([
      { a: 1, b: 2 },
      1,
      '1',
    ]);
  });

  it('names the item whose value is not a number', () => {
    const error = (() => {
      try {
        aggregate([{ n: 1 }, { n: '2' }], spec({ op: 'sum', path: 'n' }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AggregateItemError);
    expect((error as AggregateItemError).index).toBe(1);
  });

  it('rejects an unknown op and a group without a key', () => {
    expect(parseAggregateSpec({ op: 'median' }).ok).toBe(false);
    expect(parseAggregateSpec({ op: 'group' }).ok).toBe(false);
    expect(parseAggregateSpec({ op: 'sum', path: 3 }).ok).toBe(false);
  });
});
