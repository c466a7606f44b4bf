import { TaskError, type Task } from '@ensemble/plugin-contract';
import { ExpressionCache, ExpressionSandbox, JsonataEvaluator } from '@ensemble/expressions';
import type { LoadedPayload, StoredPayload } from '../payloads/payloads.service';
import { actionOf, DataPlugin, type NamedExpressions, type PayloadStore } from './data.plugin';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: '6f1c2b1e-0d7e-4d8c-9b7a-2f1e3d4c5b6a',
    tenantId: 't1',
    runId: '0a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d',
    stepId: 's1',
    attempt: 1,
    capability: 'data',
    input: null,
    params: {},
    ...overrides,
  };
}

/** Transformations by tenant and name; records each lookup so tests see which tenant was asked. */
class FakeTransformations implements NamedExpressions {
  readonly lookups: [string, string][] = [];
  constructor(private readonly byName: Record<string, string> = {}) {}

  expressionNamed(tenantId: string, name: string): Promise<string | undefined> {
    this.lookups.push([tenantId, name]);
    return Promise.resolve(this.byName[`${tenantId}/${name}`]);
  }
}

class FakePayloads implements PayloadStore {
  store(): Promise<StoredPayload> {
    return Promise.resolve({ ref: 'data://payloads/x', sha256: 'h', bytes: 1 });
  }

  load(): Promise<LoadedPayload> {
    return Promise.resolve({ outcome: 'not-found' });
  }
}

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

function plugin(transformations: FakeTransformations = new FakeTransformations()): DataPlugin {
  return new DataPlugin(
    new ExpressionCache(new JsonataEvaluator(sandbox)),
    transformations,
    new FakePayloads(),
  );
}

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskError)) throw new Error(`expected a TaskError, got ${String(error)}`);
  return error;
}

describe('DataPlugin', () => {
  it('fails an unknown action without retry', async () => {
    const error = await failure(plugin().handle(task({ action: 'explode' })));
    expect(error.code).toBe('UNKNOWN_ACTION');
    expect(error.retryable).toBe(false);
  });

  it('transforms when no action is given but an expression is', async () => {
    expect(actionOf(task({ params: { expression: 'a' } }))).toBe('transform');
    expect(actionOf(task({ params: { transformation: 'x' } }))).toBe('transform');
    await expect(
      plugin().handle(task({ input: { a: [1, 2, 3] }, params: { expression: '$sum(a)' } })),
    ).resolves.toBe(6);
  });

  it('normalises when neither an action nor an expression is given', async () => {
    expect(actionOf(task())).toBe('normalize');
    await expect(plugin().handle(task({ input: { n: ' 7 ' } }))).resolves.toEqual({ n: 7 });
  });

  it('returns plain JSON from a transformation: no sequences, null for nothing', async () => {
    const input = { a: [{ b: 1 }, { b: 2 }] };
    const result = await plugin().handle(task({ action: 'transform', input, params: { expression: 'a.b' } }));
    expect(Object.keys(result as object)).toEqual(['0', '1']);
    await expect(
      plugin().handle(task({ action: 'transform', input, params: { expression: 'missing' } })),
    ).resolves.toBeNull();
  });

  it('reports where a bad expression is wrong', async () => {
    const error = await failure(plugin().handle(task({ params: { expression: '$sum(a' } })));
    expect(error.code).toBe('INVALID_EXPRESSION');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ code: 'S0203', position: 6 });
  });

  it("runs a stored transformation looked up in the task's tenant", async () => {
    const store = new FakeTransformations({ 't1/total': '$sum(a)' });
    const stored = plugin(store);
    await expect(
      stored.handle(task({ input: { a: [2, 3] }, params: { transformation: 'total' } })),
    ).resolves.toBe(5);
    const other = await failure(stored.handle(task({ tenantId: 't2', params: { transformation: 'total' } })));
    expect(other.code).toBe('TRANSFORMATION_NOT_FOUND');
    // The tenant condition itself is the query's: test/medium/resource-repositories.test.ts.
    expect(store.lookups).toEqual([
      ['t1', 'total'],
      ['t2', 'total'],
    ]);
  });

  it('rejects a transform naming both an expression and a transformation', async () => {
    const error = await failure(
      plugin().handle(task({ action: 'transform', params: { expression: 'a', transformation: 'b' } })),
    );
    expect(error.code).toBe('INVALID_PARAMS');
  });

  it('reports an evaluation error as a failed transformation', async () => {
    const error = await failure(plugin().handle(task({ params: { expression: '$nope()' } })));
    expect(error.code).toBe('TRANSFORM_FAILED');
    expect(error.details).toMatchObject({ code: 'T1006' });
  });

  it('fails a load of a reference nothing is stored under', async () => {
    const ref = 'data://payloads/6f1c2b1e-0d7e-4d8c-9b7a-2f1e3d4c5b6a';
    const error = await failure(plugin().handle(task({ action: 'load', params: { ref } })));
    expect(error.code).toBe('PAYLOAD_NOT_FOUND');
    expect(error.retryable).toBe(false);
  });
});
