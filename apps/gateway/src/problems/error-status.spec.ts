import { ErrorCodes, type ErrorCode } from '@ensemble/contracts';
import { codeOfStatus, problemTypeOf, statusOf } from './error-status';

describe('statusOf', () => {
  const expected: Record<ErrorCode, number> = {
    VALIDATION_FAILED: 400,
    NOT_FOUND: 404,
    CONFLICT: 409,
    INVALID_STATE: 409,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    RATE_LIMITED: 429,
    PAYLOAD_TOO_LARGE: 413,
    UPSTREAM_UNAVAILABLE: 503,
    UPSTREAM_TIMEOUT: 504,
    INTERNAL: 500,
  };

  it.each(ErrorCodes.map((code) => [code, expected[code]]))('maps %s to %i', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });
});

describe('codeOfStatus', () => {
  it('recovers the code of every status the mapper produces, except the shared 409', () => {
    for (const code of ErrorCodes.filter((c) => c !== 'INVALID_STATE')) {
      expect(codeOfStatus(statusOf(code))).toBe(code);
    }
  });

  it('treats other client errors as validation failures and other server errors as internal', () => {
    expect(codeOfStatus(411)).toBe('VALIDATION_FAILED');
    expect(codeOfStatus(415)).toBe('VALIDATION_FAILED');
    expect(codeOfStatus(501)).toBe('INTERNAL');
  });
});

describe('problemTypeOf', () => {
  it('gives each code its own kebab-case type URI', () => {
    expect(problemTypeOf('UPSTREAM_TIMEOUT')).toBe('urn:ensemble:problem:upstream-timeout');
    expect(new Set(ErrorCodes.map(problemTypeOf)).size).toBe(ErrorCodes.length);
  });
});
