import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { ResourceNamePipe, UuidParamPipe, VersionParamPipe } from './params';
import { requestValidationPipe } from './validation';

const param = (data: string, metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'param',
  data,
  metatype,
});

function rejects(fn: () => unknown): boolean {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError && error.code === 'VALIDATION_FAILED';
  }
  return false;
}

describe('path parameter pipes', () => {
  it('accepts a UUID and rejects anything else as a 400, naming the parameter', () => {
    const pipe = new UuidParamPipe();
    const id = '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10';

    expect(pipe.transform(id, param('id', String))).toBe(id);
    expect(rejects(() => pipe.transform('123', param('id', String)))).toBe(true);
  });

  it('reads a version whether or not the global pipe already made it a number', async () => {
    const pipe = new VersionParamPipe();
    const metadata = param('version', Number);
    const converted: unknown = await requestValidationPipe().transform('3', metadata);

    expect(pipe.transform(converted, metadata)).toBe(3);
    expect(pipe.transform('12', metadata)).toBe(12);
  });

  it('rejects versions that are not positive integers', () => {
    const pipe = new VersionParamPipe();

    for (const bad of ['0', '-1', '1.5', 'one', 0, Number.NaN]) {
      expect(rejects(() => pipe.transform(bad, param('version', Number)))).toBe(true);
    }
  });

  it('rejects resource names that cannot appear in a URL segment', () => {
    const pipe = new ResourceNamePipe();

    expect(pipe.transform('order-checks.v2', param('name', String))).toBe('order-checks.v2');
    expect(rejects(() => pipe.transform('-bad', param('name', String)))).toBe(true);
  });
});
