import { ExpressionSandbox } from '@ensemble/expressions';
import { TaskError, type Task } from '@ensemble/plugin-contract';
import type { DecisionTablesService } from '../decision-tables/decision-tables.service';
import { DecisionPlugin } from './decision.plugin';
import { compileTable, TableCompiler, type CompiledTable } from './table-compiler';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

const table = {
  hitPolicy: 'UNIQUE',
  inputs: [{ expression: 'amount' }],
  outputs: [{ name: 'approval' }],
  rules: [
    { inputEntries: ['<= 1000'], outputEntries: ['"auto"'] },
    { inputEntries: ['> 1000'], outputEntries: ['"manual"'] },
  ],
};

function task(params: Record<string, unknown>, input: unknown = { amount: 50 }): Task {
  return {
    id: '8a0e7e8e-6d51-4c1b-9a55-0e3c43d2a111',
    tenantId: 'acme',
    runId: '0f6e1b9a-7f2c-4a55-8f0e-7d1b2a3c4d5e',
    stepId: 'approve',
    attempt: 1,
    capability: 'decision',
    input,
    params,
  };
}

class StoredTables implements Pick<DecisionTablesService, 'findCompiled'> {
  readonly lookups: unknown[][] = [];
  constructor(private readonly tables: Record<string, CompiledTable>) {}

  findCompiled(tenantId: string, name: string, version?: number): Promise<CompiledTable | null> {
    this.lookups.push([tenantId, name, version]);
    return Promise.resolve(this.tables[`${name}@${String(version ?? 'active')}`] ?? null);
  }
}

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

function plugin(stored: StoredTables = new StoredTables({})): DecisionPlugin {
  return new DecisionPlugin(new TableCompiler(), stored as unknown as DecisionTablesService, sandbox);
}

async function taskError(promise: Promise<unknown>): Promise<TaskError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof TaskError) return error;
  throw new Error(`expected a TaskError, got ${String(error)}`);
}

describe('DecisionPlugin', () => {
  it('evaluates an inline table against the task input', async () => {
    await expect(plugin().handle(task({ table }, { amount: 5000 }))).resolves.toEqual({
      hitPolicy: 'UNIQUE',
      result: { approval: 'manual' },
      matchedRules: [{ index: 1 }],
    });
  });

  it('evaluates the active version of a stored table for the task tenant', async () => {
    const stored = new StoredTables({ 'limits@active': compileTable(table) });
    await expect(plugin(stored).handle(task({ tableName: 'limits' }))).resolves.toMatchObject({
      result: { approval: 'auto' },
    });
    expect(stored.lookups).toEqual([['acme', 'limits', undefined]]);
  });

  it('evaluates a pinned version of a stored table', async () => {
    const stored = new StoredTables({ 'limits@3': compileTable(table) });
    await expect(plugin(stored).handle(task({ tableName: 'limits', version: 3 }))).resolves.toMatchObject({
      result: { approval: 'auto' },
    });
  });

  it('fails without retry when the stored table does not exist', async () => {
    const error = await taskError(plugin().handle(task({ tableName: 'missing', version: 2 })));
    expect(error.code).toBe('DECISION_TABLE_NOT_FOUND');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('decision table missing has no version 2');
  });

  it('fails without retry on an invalid inline table, naming the place', async () => {
    const broken = { ...table, rules: [{ inputEntries: ['>>'], outputEntries: ['"x"'] }] };
    const error = await taskError(plugin().handle(task({ table: broken })));
    expect(error.code).toBe('INVALID_DECISION_TABLE');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('rules[0].inputEntries[0]');
  });

  it('passes hit policy violations on as non-retryable task errors with the matched rules', async () => {
    const overlapping = {
      ...table,
      rules: [...table.rules, { inputEntries: ['-'], outputEntries: ['"x"'] }],
    };
    const error = await taskError(plugin().handle(task({ table: overlapping })));
    expect(error.code).toBe('DECISION_HIT_POLICY_VIOLATION');
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ matchedRules: [0, 2] });
  });

  it.each([
    [{}, 'params.table (an inline table) or params.tableName (a stored table) is required'],
    [{ table, tableName: 'limits' }, 'give either params.table or params.tableName, not both'],
    [{ tableName: 'limits', version: 0 }, 'params.version must be a positive integer'],
  ])('rejects params %j', async (params, message) => {
    const error = await taskError(plugin().handle(task(params)));
    expect(error.code).toBe('INVALID_DECISION_PARAMS');
    expect(error.message).toBe(message);
  });

  it('rejects an input that is not an object', async () => {
    const error = await taskError(plugin().handle(task({ table }, [1, 2])));
    expect(error.code).toBe('INVALID_DECISION_INPUT');
  });

  it('stops a table whose FEEL loops too long with EXPRESSION_TIMEOUT while the event loop ticks', async () => {
    const hostile = {
      ...table,
      outputs: [{ name: 'n' }],
      rules: [{ inputEntries: ['-'], outputEntries: ['count(for i in 1..100000000 return i)'] }],
    };
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    const started = performance.now();
    const error = await taskError(plugin().handle(task({ table: hostile })));
    clearInterval(ticker);
    expect(error).toMatchObject({ code: 'EXPRESSION_TIMEOUT', retryable: false });
    // Blocked, the loop would not tick at all during the 2 s limit.
    expect(ticks).toBeGreaterThan((performance.now() - started) / 10 / 4);
  });
});
