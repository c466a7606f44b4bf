import { failed, storableOutcome, type Outcome } from './outcome';

describe('storableOutcome', () => {
  it('keeps an ordinary output or error as it is', () => {
    const ok: Outcome = { outcome: 'succeeded', output: { total: 3, note: 'fine' } };
    const bad = failed('RULE_FAILED', 'amount must be positive', false);

    expect(storableOutcome(ok)).toBe(ok);
    expect(storableOutcome(bad)).toBe(bad);
  });

  it('turns an output holding a NUL character into a non-retryable failure naming the field', () => {
    const result = storableOutcome({ outcome: 'succeeded', output: { decoded: 'a\u0000b' } });

    expect(result).toEqual({
      outcome: 'failed',
      error: {
        code: 'OUTPUT_NOT_STORABLE',
        message: 'output.decoded must not contain NUL characters or unpaired surrogates',
        retryable: false,
        details: { path: 'output.decoded' },
      },
    });
  });

  it('does the same for an error whose message echoes a NUL character', () => {
    const result = storableOutcome(failed('BAD', 'saw \u0000', true));

    expect(result).toMatchObject({
      outcome: 'failed',
      error: { code: 'OUTPUT_NOT_STORABLE', retryable: false },
    });
  });
});
