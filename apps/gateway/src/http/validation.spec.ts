import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { CreateApiKeyDto } from '../api-keys/dto/api-key.dto';
import { ListRunsQueryDto } from '../runs/dto/run.dto';
import { WorkflowDefinitionDto } from '../workflows/dto/workflow-definition.dto';
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

  it('names nested fields of a workflow definition by their full path', async () => {
    const definition = {
      name: 'orders',
      steps: [
        { id: 'a', capability: 'data.transform' },
        { id: 'b', capability: 'Bad Capability', retry: { maxAttempts: 0 }, colour: 'red' },
      ],
    };

    const paths = (await problemsOf(definition, body(WorkflowDefinitionDto))).map((p) => p.path);

    expect(paths).toEqual(
      expect.arrayContaining(['steps[1].capability', 'steps[1].retry.maxAttempts', 'steps[1].colour']),
    );
    expect(paths.filter((p) => p.startsWith('steps[0]'))).toEqual([]);
  });

  it('accepts a valid definition and keeps free-form fields as sent', async () => {
    const definition = {
      name: 'orders',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      steps: [{ id: 'a', capability: 'data.transform', params: { anything: { nested: true } } }],
    };

    const value: unknown = await requestValidationPipe().transform(definition, body(WorkflowDefinitionDto));

    expect(JSON.parse(JSON.stringify(value))).toEqual(definition);
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
