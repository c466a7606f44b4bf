import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { StorableInputPipe } from './storable-input.pipe';

const pipe = new StorableInputPipe();

function rejection(value: unknown, metadata: ArgumentMetadata): DomainError {
  try {
    pipe.transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('StorableInputPipe', () => {
  it('passes ordinary bodies and queries through unchanged', () => {
    const body = { input: { note: 'hello' } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform({ cursor: 'MTA' }, { type: 'query' })).toEqual({ cursor: 'MTA' });
  });

  it('rejects a NUL character in a run input with 400 naming the field', () => {
    const error = rejection({ input: { note: 'a\u0000b' } }, { type: 'body' });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'input.note', message: expect.stringMatching(/NUL/) as string }]);
  });

  it('rejects a NUL character in a query parameter and in a path parameter', () => {
    expect(rejection({ workflow: 'x\u0000' }, { type: 'query' }).details).toMatchObject([
      { path: 'workflow' },
    ]);
    expect(rejection('x\u0000', { type: 'param', data: 'name' }).details).toMatchObject([{ path: 'name' }]);
  });

  it('leaves custom parameters (the caller, headers) alone', () => {
    expect(pipe.transform('\u0000', { type: 'custom' })).toBe('\u0000');
  });
});
