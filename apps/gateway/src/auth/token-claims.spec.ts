import { isTokenClaims } from './token-claims';

describe('isTokenClaims', () => {
  const valid = { sub: '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10', tenant: 'acme', role: 'operator' };

  it('accepts the claims the gateway mints', () => {
    expect(isTokenClaims(valid)).toBe(true);
  });

  it('refuses a subject that is not a key id, an unknown role or a missing tenant', () => {
    expect(isTokenClaims({ ...valid, sub: 'not-a-uuid' })).toBe(false);
    expect(isTokenClaims({ ...valid, role: 'root' })).toBe(false);
    expect(isTokenClaims({ sub: valid.sub, role: valid.role })).toBe(false);
    expect(isTokenClaims('a string')).toBe(false);
  });
});
