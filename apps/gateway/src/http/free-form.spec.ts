import type { ArgumentMetadata } from '@nestjs/common';
import { ExecuteWorkflowDto } from '../workflows/dto/workflow.dto';
import { requestValidationPipe } from './validation';

const body: ArgumentMetadata = { type: 'body', metatype: ExecuteWorkflowDto };

describe('free-form request data', () => {
  it('keeps constructor, __proto__ and prototype keys of a run input as data', async () => {
    const input = JSON.parse(
      '{"constructor":{"name":"x"},"__proto__":{"polluted":true},"prototype":"p","deep":{"constructor":1}}',
    ) as Record<string, unknown>;
    const dto = (await requestValidationPipe().transform({ input }, body)) as ExecuteWorkflowDto;
    expect(dto.input).toEqual(input);
    expect(Object.keys(dto.input as object).sort()).toEqual([
      '__proto__',
      'constructor',
      'deep',
      'prototype',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('reserved keys in DTO fields', () => {
  it('names a reserved key the DTO does not allow as the caller wrote it', async () => {
    const bad = JSON.parse('{"input":{},"constructor":1}') as object;
    await expect(requestValidationPipe().transform(bad, body)).rejects.toMatchObject({
      details: [{ path: 'constructor', message: 'property constructor should not exist' }],
    });
  });
});
