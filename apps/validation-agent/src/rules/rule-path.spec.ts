import { compilePath, readPath } from './rule-path';

function segments(path: string): (string | number)[] {
  const compiled = compilePath(path);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.segments;
}

describe('compilePath', () => {
  it('splits dots and bracket indexes', () => {
    expect(segments('order.items[0].sku')).toEqual(['order', 'items', 0, 'sku']);
  });

  it('reads quoted keys that contain dots', () => {
    expect(segments(`meta['a.b']["c d"]`)).toEqual(['meta', 'a.b', 'c d']);
  });

  it('treats $ as the whole input', () => {
    expect(segments('$')).toEqual([]);
    expect(segments('$.a[1]')).toEqual(['a', 1]);
    expect(segments('$price')).toEqual(['$price']);
  });

  it.each([
    ['', 'must not be empty'],
    ['a..b', 'empty key at character 2'],
    ['.a', 'empty key at character 0'],
    ['a.', 'empty key at character 2'],
    ['a[0', 'unclosed "["'],
    ['a[x]', 'neither an index nor a quoted key'],
    ['a[0]b', 'expected "." or "["'],
  ])('rejects %j', (path, reason) => {
    const compiled = compilePath(path);
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.reason).toContain(reason);
  });
});

describe('readPath', () => {
  const data = { order: { items: [{ sku: 'A-1' }, { sku: 'B-2' }], total: 0 } };

  it('finds nested values, including falsy ones', () => {
    expect(readPath(data, segments('order.items[1].sku'))).toBe('B-2');
    expect(readPath(data, segments('order.items.0.sku'))).toBe('A-1');
    expect(readPath(data, segments('order.total'))).toBe(0);
  });

  it('gives undefined for anything missing, out of range or inherited', () => {
    expect(readPath(data, segments('order.items[5].sku'))).toBeUndefined();
    expect(readPath(data, segments('order.total.value'))).toBeUndefined();
    expect(readPath(data, segments('order.constructor'))).toBeUndefined();
    expect(readPath(null, segments('a'))).toBeUndefined();
  });
});
