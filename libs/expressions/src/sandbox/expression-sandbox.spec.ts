import { Test, type TestingModule } from '@nestjs/testing';
import { ExpressionsModule } from '../expressions.module';
import { JsonataEvaluator } from '../jsonata-evaluator';
import { ExpressionSandbox } from './expression-sandbox';

// A sandbox worker's first job compiles the TypeScript sources it loads; that takes seconds on a busy box.
jest.setTimeout(20_000);

const LIMITS = { timeoutMs: 1000, stack: 500, sequence: 1_000_000 };

/** A sandbox whose worker has run one job past the in-process budget. */
async function withWorkerRunning(): Promise<{
  module: TestingModule;
  sandbox: ExpressionSandbox;
  slow: ReturnType<JsonataEvaluator['compile']>;
}> {
  const module = await Test.createTestingModule({ imports: [ExpressionsModule] }).compile();
  const slow = module
    .get(JsonataEvaluator)
    .compile('$reduce([1..20000], function($a, $v) { $a + $v })', LIMITS);
  await expect(slow.evaluate(null)).resolves.toBe(200010000);
  return { module, sandbox: module.get(ExpressionSandbox), slow };
}

describe('ExpressionSandbox', () => {
  it('starts no worker until a job needs one', async () => {
    const module = await Test.createTestingModule({ imports: [ExpressionsModule] }).compile();
    expect(module.get(ExpressionSandbox).threadCount).toBe(0);
    await module.close();
  });

  it('terminates its workers when the app shuts down and refuses jobs afterwards', async () => {
    const { module, sandbox, slow } = await withWorkerRunning();
    expect(sandbox.threadCount).toBeGreaterThan(0);
    await module.close();
    expect(sandbox.threadCount).toBe(0);
    await expect(slow.evaluate(null)).rejects.toThrow(/closed/);
  });

  it('survives a worker that fails outside any job', async () => {
    const { module, sandbox, slow } = await withWorkerRunning();
    const pool = (sandbox as unknown as { pool: NodeJS.EventEmitter }).pool;
    expect(() => pool.emit('error', new Error('worker out of memory'))).not.toThrow();
    await expect(slow.evaluate(null)).resolves.toBe(200010000);
    await module.close();
  });
});
