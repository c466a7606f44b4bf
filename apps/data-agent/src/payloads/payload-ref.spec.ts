import { payloadIdOf, payloadRef } from './payload-ref';

describe('payload references', () => {
  it('round-trips an id through its reference', () => {
    const id = '6f1c2b1e-0d7e-4d8c-9b7a-2f1e3d4c5b6a';
    expect(payloadRef(id)).toBe(`data://payloads/${id}`);
    expect(payloadIdOf(payloadRef(id))).toBe(id);
  });

  it('rejects anything that is not a payload reference', () => {
    for (const ref of [
      undefined,
      42,
      'data://datasets/6f1c2b1e-0d7e-4d8c-9b7a-2f1e3d4c5b6a',
      'data://payloads/x',
    ])
      expect(payloadIdOf(ref)).toBeUndefined();
  });
});
