import 'reflect-metadata';
import type { StepDefinition } from '@ensemble/contracts';
import { type DefinitionProblem, topologicalOrder, validateDefinition } from './definition-validator';

function step(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, capability: 'data.transform', ...extra };
}

function definition(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'order-flow', steps, ...extra };
}

function problemsOf(raw: unknown): DefinitionProblem[] {
  const check = validateDefinition(raw);
  return check.ok ? [] : check.problems;
}

function problem(path: string, fragment: string): DefinitionProblem {
  return { path, message: expect.stringContaining(fragment) as string };
}

describe('validateDefinition', () => {
  it('accepts a complete definition and returns it typed', () => {
    const raw = definition(
      [
        step('normalize', { input: 'input.order', params: { trim: true } }),
        step('check', {
          capability: 'validation',
          action: 'evaluate',
          dependsOn: ['normalize'],
          when: 'steps.normalize.output.total > 0',
          retry: { maxAttempts: 5, backoff: 'fixed', initialDelayMs: 0, maxDelayMs: 10, jitter: false },
          timeoutMs: 100,
          onFailure: 'compensate',
          compensate: { capability: 'data.undo', input: 'input' },
        }),
      ],
      {
        description: 'orders',
        output: 'steps.check.output',
        inputSchema: { type: 'object', required: ['order'] },
      },
    );
    const check = validateDefinition(raw);
    expect(check).toEqual({ ok: true, definition: raw });
  });

  it('rejects a definition that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
    expect(problemsOf(null)).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('names every unknown field so typos never pass silently', () => {
    const raw = definition([step('a', { dependson: ['b'], retry: { maxAttempts: 2, delay: 5 } })], {
      outputs: 'x',
    });
    expect(problemsOf(raw)).toEqual([
      { path: 'outputs', message: 'unknown field' },
      { path: 'steps[0].dependson', message: 'unknown field' },
      { path: 'steps[0].retry.delay', message: 'unknown field' },
    ]);
  });

  it('requires a lowercase name and a non-empty step list', () => {
    expect(problemsOf({ steps: [] })).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'steps', message: 'must contain at least 1 item' },
    ]);
    expect(problemsOf({ name: 'Order Flow', steps: {} })).toEqual([
      problem('name', 'lowercase'),
      { path: 'steps', message: 'must be an array' },
    ]);
  });

  it('limits a definition to 200 steps', () => {
    const steps = Array.from({ length: 201 }, (_, i) => step(`s${i}`));
    expect(problemsOf(definition(steps))).toEqual([problem('steps', 'at most 200')]);
    expect(problemsOf(definition(steps.slice(0, 200)))).toEqual([]);
  });

  it('reports a duplicate step id at its second occurrence', () => {
    const raw = definition([step('a'), step('b'), step('a')]);
    expect(problemsOf(raw)).toEqual([{ path: 'steps[2].id', message: 'duplicate step id "a"' }]);
  });

  it('checks step ids and capability names against their patterns but allows unknown capabilities', () => {
    const raw = definition([
      { id: '1st', capability: 'Data' },
      { capability: 'x' },
      step('ok', { capability: 'plugin.not-yet-registered' }),
    ]);
    expect(problemsOf(raw)).toEqual([
      problem('steps[0].id', 'a letter'),
      problem('steps[0].capability', 'lowercase'),
      { path: 'steps[1].id', message: 'is required' },
    ]);
  });

  it('reports a dangling dependency naming the missing step', () => {
    const raw = definition([step('a'), step('b', { dependsOn: ['a', 'ghost'] })]);
    expect(problemsOf(raw)).toEqual([problem('steps[1].dependsOn[1]', '"ghost"')]);
  });

  it('rejects a step that depends on itself (a cycle of one)', () => {
    const raw = definition([step('a', { dependsOn: ['a'] })]);
    expect(problemsOf(raw)).toEqual([
      { path: 'steps[0].dependsOn[0]', message: 'a step cannot depend on itself' },
    ]);
  });

  it('rejects repeated and non-string dependencies', () => {
    const raw = definition([
      step('a'),
      step('b', { dependsOn: ['a', 'a', 7] }),
      step('c', { dependsOn: 'a' }),
    ]);
    expect(problemsOf(raw)).toEqual([
      { path: 'steps[1].dependsOn[2]', message: 'must be a string' },
      { path: 'steps[1].dependsOn[1]', message: 'repeats item 0' },
      { path: 'steps[2].dependsOn', message: 'must be an array' },
    ]);
  });

  it('reports a cycle of two once, at steps', () => {
    const raw = definition([step('a', { dependsOn: ['b'] }), step('b', { dependsOn: ['a'] })]);
    expect(problemsOf(raw)).toEqual([{ path: 'steps', message: 'dependency cycle: a -> b -> a' }]);
  });

  it('reports a cycle of three in dependency order from its first-declared step', () => {
    const raw = definition([
      step('start'),
      step('c', { dependsOn: ['a'] }),
      step('a', { dependsOn: ['start', 'b'] }),
      step('b', { dependsOn: ['c'] }),
      step('after', { dependsOn: ['b'] }),
    ]);
    expect(problemsOf(raw)).toEqual([{ path: 'steps', message: 'dependency cycle: c -> a -> b -> c' }]);
  });

  it('reports each separate cycle, not the steps that merely lead to them', () => {
    const raw = definition([
      step('x', { dependsOn: ['y'] }),
      step('y', { dependsOn: ['x'] }),
      step('bridge', { dependsOn: ['x'] }),
      step('p', { dependsOn: ['bridge', 'q'] }),
      step('q', { dependsOn: ['p'] }),
    ]);
    expect(problemsOf(raw)).toEqual([
      { path: 'steps', message: 'dependency cycle: x -> y -> x' },
      { path: 'steps', message: 'dependency cycle: p -> q -> p' },
    ]);
  });

  it('locates a bad JSONata expression and gives its character position', () => {
    const raw = definition(
      [
        step('a', { input: 'input.amount >' }),
        step('b', { when: 'foo(', compensate: { capability: 'data.undo', input: '"abc' } }),
      ],
      { output: 'a ++ b' },
    );
    expect(problemsOf(raw)).toEqual([
      problem('steps[0].input', 'at character 14: Unexpected end of expression'),
      problem('steps[1].when', 'at character 4: Expected ")" before end of expression'),
      problem('steps[1].compensate.input', 'String literal must be terminated'),
      problem('output', 'at character 4'),
    ]);
  });

  it('rejects expressions that are not strings, and empty ones', () => {
    expect(problemsOf(definition([step('a', { when: true })]))).toEqual([
      { path: 'steps[0].when', message: 'must be a string' },
    ]);
    expect(problemsOf(definition([step('a', { input: '' })]))).toEqual([
      problem('steps[0].input', 'Unexpected end of expression'),
    ]);
  });

  it('checks every retry field against its bounds', () => {
    const retry = {
      maxAttempts: 0,
      backoff: 'linear',
      initialDelayMs: 3_600_001,
      jitter: 'yes',
      nonRetryableErrors: ['A', 1],
    };
    expect(problemsOf(definition([step('a', { retry })]))).toEqual([
      { path: 'steps[0].retry.maxAttempts', message: 'must be between 1 and 100' },
      problem('steps[0].retry.backoff', 'fixed, exponential'),
      { path: 'steps[0].retry.initialDelayMs', message: 'must be between 0 and 3600000' },
      { path: 'steps[0].retry.jitter', message: 'must be a boolean' },
      { path: 'steps[0].retry.nonRetryableErrors[1]', message: 'must be a string' },
    ]);
  });

  it('refuses a maximum delay below the initial one', () => {
    const retry = { maxAttempts: 2, initialDelayMs: 5000, maxDelayMs: 4000 };
    expect(problemsOf(definition([step('a', { retry })]))).toEqual([
      { path: 'steps[0].retry.maxDelayMs', message: 'must not be less than initialDelayMs' },
    ]);
  });

  it('requires maxAttempts and whole-number delays within range', () => {
    const retry = { initialDelayMs: 1.5, maxDelayMs: 86_400_001 };
    expect(problemsOf(definition([step('a', { retry })]))).toEqual([
      { path: 'steps[0].retry.maxAttempts', message: 'is required' },
      { path: 'steps[0].retry.initialDelayMs', message: 'must be an integer' },
      problem('steps[0].retry.maxDelayMs', 'between 0 and 86400000'),
    ]);
  });

  it('checks timeouts, failure modes, params, actions and compensation tasks', () => {
    const raw = definition([
      step('a', { timeoutMs: 99, onFailure: 'retry', params: [1], action: 3 }),
      step('b', { timeoutMs: 86_400_001, compensate: { input: 'input', when: 'true' } }),
      step('c', { compensate: 'undo' }),
    ]);
    expect(problemsOf(raw)).toEqual([
      { path: 'steps[0].action', message: 'must be a string' },
      { path: 'steps[0].params', message: 'must be an object' },
      problem('steps[0].timeoutMs', 'between 100 and 86400000'),
      problem('steps[0].onFailure', 'fail, continue, compensate'),
      problem('steps[1].timeoutMs', 'between 100'),
      { path: 'steps[1].compensate.capability', message: 'is required' },
      { path: 'steps[1].compensate.when', message: 'unknown field' },
      { path: 'steps[2].compensate', message: 'must be an object' },
    ]);
  });

  it("reports ajv's complaint about an input schema that does not compile", () => {
    expect(problemsOf(definition([step('a')], { inputSchema: { type: 'nope' } }))).toEqual([
      problem('inputSchema', 'data/type must be equal to one of the allowed values'),
    ]);
    expect(problemsOf(definition([step('a')], { inputSchema: { $ref: 'http://x/y' } }))).toEqual([
      problem('inputSchema', "can't resolve reference"),
    ]);
    expect(problemsOf(definition([step('a')], { inputSchema: true }))).toEqual([
      { path: 'inputSchema', message: 'must be an object' },
    ]);
  });

  it('refuses regex literals the linear-time engine cannot run, at the expression that holds them', () => {
    const raw = definition([
      step('a', { input: '$match(input.s, /(a)\\1/)', when: '$contains(input.s, /(?=a)b/)' }),
    ]);
    expect(problemsOf(raw)).toEqual([
      problem('steps[0].input', 'not supported'),
      problem('steps[0].when', 'not supported'),
    ]);
  });

  it('refuses input schema patterns the linear-time engine cannot run, naming each one', () => {
    const inputSchema = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^(\\w)\\1$' },
        ok: { type: 'string', pattern: '^a+$' },
      },
      patternProperties: { '^(?!x)': { type: 'number' } },
    };
    expect(problemsOf(definition([step('a')], { inputSchema }))).toEqual([
      problem('inputSchema.properties.code.pattern', 'not supported'),
      problem('inputSchema.patternProperties["^(?!x)"]', 'not supported'),
    ]);
  });

  it('reports every problem of shape at once, and then every problem the schema cannot see', () => {
    const raw = { name: 7, description: 1, steps: [step('a', { dependsOn: ['z'] }), 'b'], output: '(' };
    expect(problemsOf(raw).map((p) => p.path)).toEqual(['name', 'description', 'steps[1]']);
    const shaped = { name: 'ok', steps: [step('a', { dependsOn: ['z'] }), step('a')], output: '(' };
    expect(problemsOf(shaped).map((p) => p.path)).toEqual(['steps[0].dependsOn[0]', 'steps[1].id', 'output']);
  });
});

describe('topologicalOrder', () => {
  const steps = (list: Array<[string, string[]]>): StepDefinition[] =>
    list.map(([id, dependsOn]) => ({ id, capability: 'x', dependsOn }));

  it('puts every step after its dependencies', () => {
    const order = topologicalOrder(
      steps([
        ['c', ['b']],
        ['b', ['a']],
        ['a', []],
      ]),
    );
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('keeps declaration order between steps that are ready together', () => {
    const order = topologicalOrder(
      steps([
        ['late', ['mid']],
        ['first', []],
        ['mid', ['first']],
        ['other', []],
      ]),
    );
    expect(order).toEqual(['first', 'mid', 'late', 'other']);
  });

  it('throws on a cycle rather than dropping steps', () => {
    expect(() =>
      topologicalOrder(
        steps([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toThrow(/cycle/);
  });
});
