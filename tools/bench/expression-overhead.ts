import 'reflect-metadata';
import {
  ExpressionSandbox,
  ExpressionTimeoutError,
  JsonataEvaluator,
  sandboxJob,
  type JsonataLimits,
} from '@ensemble/expressions';
import { compileTable } from '../../apps/decision-agent/src/decision/table-compiler';
import { evaluateTable } from '../../apps/decision-agent/src/decision/table-evaluator';
import { percentile } from './stats';

const LIMITS: JsonataLimits = { timeoutMs: 1_000, stack: 500, sequence: 1_000_000 };
const SCOPE = { input: { amount: 250, country: 'DE', items: [{ sku: 'a', qty: 2 }] }, steps: {} };
const EXPRESSION = '{ "total": input.amount * 2, "skus": input.items.sku, "de": input.country = "DE" }';
const JSONATA_JOB = sandboxJob(`${__dirname}/../../libs/expressions/src`, 'jsonata.job');
const DECISION_JOB = sandboxJob(`${__dirname}/../../apps/decision-agent/src/decision`, 'decision-table.job');
const TABLE = compileTable({
  hitPolicy: 'FIRST',
  inputs: [{ expression: 'valid' }, { expression: 'amount' }],
  outputs: [{ name: 'route' }],
  rules: [
    { inputEntries: ['false', '-'], outputEntries: ['"reject"'] },
    { inputEntries: ['true', '> 1000'], outputEntries: ['"manual-review"'] },
    { inputEntries: ['true', '-'], outputEntries: ['"auto-approve"'] },
  ],
});
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);

async function timeEach(samples: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

function summary(times: number[]): Record<string, number> {
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

/** How long a hostile evaluation holds the main thread: the longest gap between 5 ms ticks. */
async function longestStall(run: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  await run().catch((error: unknown) => {
    if (!(error instanceof ExpressionTimeoutError)) throw error;
  });
  clearInterval(ticker);
  return Math.round(longest);
}

/**
 * `node dist/tools/bench/expression-overhead.js`: time per JSONata evaluation in-process (the
 * budgeted fast path) and through a sandbox worker, and the main-thread stall of a hostile one.
 */
async function main(): Promise<void> {
  const sandbox = new ExpressionSandbox();
  const expression = new JsonataEvaluator(sandbox).compile(EXPRESSION, LIMITS);
  const viaWorker = (): Promise<unknown> =>
    sandbox.run(JSONATA_JOB, { expression: EXPRESSION, input: SCOPE, limits: LIMITS }, LIMITS.timeoutMs);
  await timeEach(200, () => expression.evaluate(SCOPE));
  await timeEach(200, viaWorker);
  const inProcess = summary(await timeEach(SAMPLES, () => expression.evaluate(SCOPE)));
  const worker = summary(await timeEach(SAMPLES, viaWorker));
  const feelInProcess = summary(
    await timeEach(SAMPLES, () => Promise.resolve(evaluateTable(TABLE, { valid: true, amount: 250 }))),
  );
  const feelWorker = summary(
    await timeEach(SAMPLES, () =>
      sandbox.run(DECISION_JOB, { table: TABLE, context: { valid: true, amount: 250 } }, 2_000),
    ),
  );
  const hostile = new JsonataEvaluator(sandbox).compile(
    '$sum([1..2000].($reduce([1..100000], function($a, $v) { $a + $v })))',
    LIMITS,
  );
  const stallMs = await longestStall(() => hostile.evaluate(null));
  await sandbox.close();
  console.log(
    JSON.stringify({
      samples: SAMPLES,
      jsonata: { inProcess, worker },
      feelTable: { inProcess: feelInProcess, worker: feelWorker },
      hostileLongestMainThreadStallMs: stallMs,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
