import { TaskError, type Task, type TaskContext } from '@ensemble/plugin-contract';
import { ExpressionCache, ExpressionSandbox, JsonataEvaluator } from '@ensemble/expressions';
import { CoordinatorPlugin } from './coordinator.plugin';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: '6f1c2b1e-0d7e-4d8c-9b7a-2f1e3d4c5b6a',
    tenantId: 't1',
    runId: '0a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d',
    stepId: 's1',
    attempt: 1,
    capability: 'coordination',
    input: [],
    params: {},
    ...overrides,
  };
}

const ctx: TaskContext = { signal: new AbortController().signal, log: () => undefined };

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskError)) throw new Error(`expected a TaskError, got ${String(error)}`);
  return error;
}

describe('CoordinatorPlugin', () => {
  const sandbox = new ExpressionSandbox();
  const plugin = new CoordinatorPlugin(new ExpressionCache(new JsonataEvaluator(sandbox)));
  afterAll(() => sandbox.close());

  it('fails an unknown or missing action without retry', async () => {
    for (const action of ['fan-out', undefined]) {
      const error = await failure(plugin.handle(task(action ? { action } : {}), ctx));
      expect(error.code).toBe('UNKNOWN_ACTION');
      expect(error.retryable).toBe(false);
    }
  });

  it('maps every item with $index bound, in input order', async () => {
    const input = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const params = { expression: 'n * 10 + $index', concurrency: 2 };
    await expect(plugin.handle(task({ action: 'map', input, params }), ctx)).resolves.toEqual([10, 21, 32]);
  });

  it('gives null for an item whose expression yields nothing', async () => {
    const params = { expression: 'missing' };
    await expect(plugin.handle(task({ action: 'map', input: [{}, {}], params }), ctx)).resolves.toEqual([
      null,
      null,
    ]);
  });

  it('names the index of the item that failed', async () => {
    const params = { expression: '$index = 2 ? $error("bad item") : $index' };
    const error = await failure(plugin.handle(task({ action: 'map', input: [0, 0, 0, 0], params }), ctx));
    expect(error.code).toBe('MAP_ITEM_FAILED');
    expect(error.details).toMatchObject({ index: 2, message: 'bad item' });
  });

  it('rejects a bad expression, a bad concurrency and a non-array input', async () => {
    const bad = (params: Record<string, unknown>, input: unknown = []): Promise<TaskError> =>
      failure(plugin.handle(task({ action: 'map', input, params }), ctx));
    expect((await bad({ expression: '(' })).code).toBe('INVALID_EXPRESSION');
    expect((await bad({ expression: 'a', concurrency: 0 })).code).toBe('INVALID_PARAMS');
    expect((await bad({ expression: 'a' }, { not: 'an array' })).code).toBe('INVALID_INPUT');
  });

  it('aggregates, reporting a non-numeric item by index', async () => {
    const input = [{ v: 2 }, { v: 4 }];
    await expect(
      plugin.handle(task({ action: 'aggregate', input, params: { op: 'avg', path: 'v' } }), ctx),
    ).resolves.toBe(3);
    const error = await failure(
      plugin.handle(
        task({ action: 'aggregate', input: [{ v: 'x' }], params: { op: 'sum', path: 'v' } }),
        ctx,
      ),
    );
    expect(error.code).toBe('AGGREGATE_ITEM_INVALID');
    expect(error.details).toEqual({ index: 0 });
  });
});
