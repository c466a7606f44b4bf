import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('replaces a value without growing, and refreshes its place', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect(cache.get('a')).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('holds nothing with a capacity of zero, and refuses a negative one', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(() => new LruCache(-1)).toThrow(RangeError);
  });

  it('forgets an entry once it has lived ttlMs, and a rewrite starts its time again', () => {
    let now = 1000;
    const cache = new LruCache<string, number>(10, { ttlMs: 50, clock: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    now = 1049;
    expect(cache.get('a')).toBe(1);
    cache.set('b', 3);
    now = 1050;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('forgets the entries whose value matches, or all of them', () => {
    const cache = new LruCache<string, { id: number }>(10);
    cache.set('x', { id: 1 });
    cache.set('y', { id: 2 });
    cache.set('z', { id: 1 });
    cache.deleteWhere((value) => value.id === 1);
    expect([cache.get('x'), cache.get('y'), cache.get('z')]).toEqual([undefined, { id: 2 }, undefined]);
    cache.delete('y');
    expect(cache.size).toBe(0);
    cache.set('w', { id: 3 });
    cache.clear();
    expect(cache.get('w')).toBeUndefined();
  });
});
