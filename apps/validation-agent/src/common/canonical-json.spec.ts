import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level but keeps array order', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: null })).toBe('{"a":null,"b":[{"x":2,"y":1}]}');
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  it('gives the same text whatever the key order', () => {
    const one = { order: { id: 7, lines: [{ sku: 'A', qty: 1 }] }, tenant: 't' };
    const two = { tenant: 't', order: { lines: [{ qty: 1, sku: 'A' }], id: 7 } };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).not.toBe(canonicalJson({ ...two, tenant: 'u' }));
  });

  it('drops undefined members as JSON does, and writes scalars as JSON', () => {
    expect(canonicalJson({ a: undefined, b: 'é"' })).toBe('{"b":"é\\""}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson(1.5)).toBe('1.5');
  });
});

describe('sha256Hex', () => {
  it('hashes to 64 hex characters', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
