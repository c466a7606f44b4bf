import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { CreateApiKeyDto } from '../api-keys/dto/api-key.dto';
import { ListRunsQueryDto } from '../runs/dto/run.dto';
import { requestValidationPipe, type FieldError } from './validation';

async function problemsOf(value: unknown, metadata: ArgumentMetadata): Promise<FieldError[]> {
  try {
    await requestValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED')
      return error.details as FieldError[];
    throw error;
  }
  return [];
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

describe('request validation', () => {
  it('reports every bad and unknown field with its path', async () => {
    const problems = await problemsOf({ name: '', role: 'king', extra: 1 }, body(CreateApiKeyDto));

    expect(problems.map((p) => p.path).sort()).toEqual(['extra', 'name', 'role']);
  });

  it('leaves a body whose parameter is not a class to its schema pipe, untouched', async () => {
    const definition = JSON.parse(
      '{"name":"orders","steps":[{"id":"a","capability":"x","params":{"constructor":{"nested":true}}}]}',
    ) as unknown;

    const value: unknown = await requestValidationPipe().transform(definition, body(Object));

    expect(value).toEqual(definition);
  });

  it('converts numeric query parameters and rejects unknown ones', async () => {
    const query: ArgumentMetadata = { type: 'query', metatype: ListRunsQueryDto };

    const value: unknown = await requestValidationPipe().transform({ limit: '20', status: 'running' }, query);

    expect(value).toMatchObject({ limit: 20, status: 'running' });
    expect((await problemsOf({ limit: '0', colour: 'red' }, query)).map((p) => p.path).sort()).toEqual([
      'colour',
      'limit',
    ]);
  });
});
