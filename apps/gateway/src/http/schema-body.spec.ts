import { DomainError, workflowDefinitionProblems, type FieldProblem } from '@ensemble/contracts';
import { SchemaBodyPipe } from './schema-body';

function problemsOf(value: unknown): FieldProblem[] {
  try {
    new SchemaBodyPipe(workflowDefinitionProblems).transform(value);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED')
      return error.details as FieldProblem[];
    throw error;
  }
  return [];
}

describe('SchemaBodyPipe', () => {
  it('names nested fields of a workflow definition by their full path, as [{ path, message }]', () => {
    const definition = {
      name: 'orders',
      steps: [
        { id: 'a', capability: 'data.transform' },
        { id: 'b', capability: 'Bad Capability', retry: { maxAttempts: 0 }, colour: 'red' },
      ],
    };

    expect(problemsOf(definition)).toEqual([
      { path: 'steps[1].colour', message: 'unknown field' },
      { path: 'steps[1].capability', message: expect.stringContaining('lowercase') as string },
      { path: 'steps[1].retry.maxAttempts', message: 'must be between 1 and 100' },
    ]);
  });

  it('returns a valid body as sent, free-form fields and all', () => {
    const definition = JSON.parse(
      '{"name":"orders","inputSchema":{"type":"object"},"steps":[{"id":"a","capability":"x","params":{"constructor":1}}]}',
    ) as unknown;

    expect(new SchemaBodyPipe(workflowDefinitionProblems).transform(definition)).toBe(definition);
  });
});
