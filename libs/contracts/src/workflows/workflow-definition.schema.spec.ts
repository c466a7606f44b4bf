import { WORKFLOW_LIMITS, workflowDefinitionProblems } from './workflow-definition.schema';

const step = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'a',
  capability: 'data.transform',
  ...extra,
});
const definition = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'orders',
  steps: [step()],
  ...extra,
});
const withStep = (extra: Record<string, unknown>): Record<string, unknown> =>
  definition({ steps: [step(extra)] });
const paths = (value: unknown): string[] => workflowDefinitionProblems(value).map((p) => p.path);

describe('the workflow definition schema', () => {
  it('accepts a minimal and a complete definition', () => {
    expect(workflowDefinitionProblems(definition())).toEqual([]);
    const complete = definition({
      description: 'orders',
      inputSchema: { type: 'object' },
      output: 'steps',
      steps: [
        step({ action: 'normalize', input: 'input', params: { x: 1 } }),
        step({
          id: 'b',
          dependsOn: ['a'],
          when: 'true',
          retry: {
            maxAttempts: 3,
            backoff: 'exponential',
            initialDelayMs: 10,
            maxDelayMs: 100,
            jitter: true,
            nonRetryableErrors: ['X'],
          },
          timeoutMs: 1000,
          onFailure: 'compensate',
          compensate: { capability: 'data.undo', action: 'undo', input: 'input', params: {} },
        }),
      ],
    });
    expect(workflowDefinitionProblems(complete)).toEqual([]);
  });

  it.each([
    ['a', true],
    [`a${'b'.repeat(62)}`, true],
    [`a${'b'.repeat(63)}`, false],
    ['order-intake-2', true],
    ['Orders', false],
    ['2orders', false],
    ['', false],
    ['orders_v2', false],
  ])('takes %j as a name: %s', (name, ok) => {
    expect(paths(definition({ name }))).toEqual(ok ? [] : ['name']);
  });

  it('takes 1 to 200 steps', () => {
    const steps = (n: number): unknown[] => Array.from({ length: n }, (_, i) => step({ id: `s${i}` }));
    expect(paths(definition({ steps: steps(0) }))).toEqual(['steps']);
    expect(paths(definition({ steps: steps(1) }))).toEqual([]);
    expect(paths(definition({ steps: steps(WORKFLOW_LIMITS.maxSteps) }))).toEqual([]);
    expect(workflowDefinitionProblems(definition({ steps: steps(201) }))).toEqual([
      { path: 'steps', message: 'must contain at most 200 items' },
    ]);
  });

  it.each([
    ['maxAttempts', 0, 1, 100, 101],
    ['initialDelayMs', -1, 0, 3_600_000, 3_600_001],
    ['maxDelayMs', -1, 0, 86_400_000, 86_400_001],
  ])('bounds retry.%s inclusively', (field, below, min, max, above) => {
    const retry = (value: number): Record<string, unknown> =>
      withStep({ retry: { maxAttempts: 2, [field]: value } });
    expect(paths(retry(min))).toEqual([]);
    expect(paths(retry(max))).toEqual([]);
    const message = `must be between ${min} and ${max}`;
    expect(workflowDefinitionProblems(retry(below))).toEqual([{ path: `steps[0].retry.${field}`, message }]);
    expect(workflowDefinitionProblems(retry(above))).toEqual([{ path: `steps[0].retry.${field}`, message }]);
    expect(paths(retry(min + 0.5))).toEqual([`steps[0].retry.${field}`]);
  });

  it('bounds timeoutMs from 100 ms to a day', () => {
    expect(paths(withStep({ timeoutMs: 100 }))).toEqual([]);
    expect(paths(withStep({ timeoutMs: 86_400_000 }))).toEqual([]);
    expect(workflowDefinitionProblems(withStep({ timeoutMs: 99 }))).toEqual([
      { path: 'steps[0].timeoutMs', message: 'must be between 100 and 86400000' },
    ]);
    expect(paths(withStep({ timeoutMs: 86_400_001 }))).toEqual(['steps[0].timeoutMs']);
  });

  it('checks step ids and capabilities against their patterns, saying what they must be', () => {
    expect(workflowDefinitionProblems(withStep({ id: '1st', capability: 'Data' }))).toEqual([
      { path: 'steps[0].id', message: 'must be a letter followed by up to 63 letters, digits, "_" or "-"' },
      {
        path: 'steps[0].capability',
        message: 'must be dot-separated lowercase names of letters, digits and "-" (e.g. "data.transform")',
      },
    ]);
    expect(paths(withStep({ id: `a${'b'.repeat(63)}` }))).toEqual([]);
    expect(paths(withStep({ id: `a${'b'.repeat(64)}` }))).toEqual(['steps[0].id']);
  });

  it('names unknown, missing and mistyped fields at their full path', () => {
    const raw = {
      name: 'orders',
      outputs: 'x',
      steps: [
        step({ dependson: ['b'], retry: { delay: 5 }, onFailure: 'retry', dependsOn: ['a', 'a'] }),
        'b',
      ],
    };
    expect(workflowDefinitionProblems(raw)).toEqual([
      { path: 'outputs', message: 'unknown field' },
      { path: 'steps[0].dependson', message: 'unknown field' },
      { path: 'steps[0].dependsOn[1]', message: 'repeats item 0' },
      { path: 'steps[0].retry.maxAttempts', message: 'is required' },
      { path: 'steps[0].retry.delay', message: 'unknown field' },
      { path: 'steps[0].onFailure', message: 'must be one of fail, continue, compensate (not "retry")' },
      { path: 'steps[1]', message: 'must be an object' },
    ]);
  });

  it('refuses null where a field is optional, and a body that is not an object', () => {
    expect(paths(withStep({ retry: null }))).toEqual(['steps[0].retry']);
    expect(workflowDefinitionProblems([])).toEqual([{ path: '', message: 'must be an object' }]);
  });
});
