import { createHash } from 'node:crypto';
import { credentialOf, displayPrefixOf, generateApiKey, hashApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('generates distinct, URL-safe keys with the ens_ prefix and no dots', () => {
    const keys = Array.from({ length: 50 }, generateApiKey);

    expect(new Set(keys).size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^ens_[A-Za-z0-9_-]{43}$/);
  });

  it('stores the sha256 of the key, never the key', () => {
    const key = 'ens_example-key';
    const hash = hashApiKey(key);

    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hash).not.toContain(key);
    expect(hashApiKey('ens_example-kez')).not.toBe(hash);
  });

  it('shows the first 8 characters for display', () => {
    expect(displayPrefixOf('ens_abcdefgh')).toBe('ens_abcd');
  });
});

describe('credentialOf', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

  it('reads the x-api-key header first', () => {
    expect(credentialOf({ 'x-api-key': 'ens_a', authorization: `Bearer ${jwt}` })).toEqual({
      kind: 'api-key',
      key: 'ens_a',
    });
  });

  it('reads a bearer value shaped like a JWT as a token', () => {
    expect(credentialOf({ authorization: `Bearer ${jwt}` })).toEqual({ kind: 'jwt', token: jwt });
  });

  it('reads any other bearer value as an API key', () => {
    expect(credentialOf({ authorization: 'bearer ens_abc' })).toEqual({ kind: 'api-key', key: 'ens_abc' });
  });

  it('finds nothing without a key or with another scheme', () => {
    expect(credentialOf({})).toBeUndefined();
    expect(credentialOf({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(credentialOf({ 'x-api-key': '  ' })).toBeUndefined();
  });
});
