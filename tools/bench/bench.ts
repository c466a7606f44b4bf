import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Fleet } from '../fleet/fleet';
import { busyPercent, cpuSeconds, cpuSecondsMatching, machineTicks } from './cpu';
import { withPrivateFleet } from './private-fleet';
import { measureRawLimit } from './raw-limit';
import { percentile, runAtRate, runPool } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
/** Open loop: submit this many runs per second (instead of CONCURRENCY in flight), to read latency at a given load. */
const RATE = process.env.BENCH_RATE === undefined ? undefined : Number(process.env.BENCH_RATE);
const RAW_MESSAGES = Number(process.env.BENCH_RAW_MESSAGES ?? 20_000);
/** Processes of the gateway, the orchestrator and each agent app; submissions alternate over the gateways. */
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm run bench`: starts a private fleet (own database and broker prefix), submits BENCH_RUNS
 * runs of the three-step order workflow through the gateway, waits for all of them, and prints one
 * JSON line. Step latency is dispatch to result recorded, read from the orchestrator's own rows.
 */
async function main(): Promise<void> {
  await withPrivateFleet(
    'bench',
    async ({ fleet, config, logins, apiKey, db, gateways, instances, poolSize }) => {
      const raw = await measureRawLimit({
        amqpUrl: logins.urls.orchestrator,
        queue: `${config.BROKER_PREFIX}.orchestrator.raw-limit`,
        pg: {
          host: config.PGHOST,
          port: config.PGPORT,
          user: config.PGADMIN_USER,
          database: config.PGDATABASE,
        },
        messages: RAW_MESSAGES,
        inFlight: 256,
      });
      const before = cpuByComponent(fleet, instances);
      const machineBefore = machineTicks();
      const measured = await measure(gateways, apiKey, db);
      const machineBusy = busyPercent(machineBefore, machineTicks());
      const after = cpuByComponent(fleet, instances);
      const cpu = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, Math.round((v - (before[k] ?? 0)) * 10) / 10]),
      );
      const ratio = Math.round((Number(measured.steps_per_s) / raw) * 100) / 100;
      console.log(
        JSON.stringify({
          replicas: REPLICAS,
          db_pool_size: poolSize,
          ...measured,
          raw_steps_per_s: raw,
          ratio,
          machine_busy_pct: machineBusy,
          cpu_seconds: cpu,
        }),
      );
    },
    { replicas: REPLICAS },
  );
}

async function measure(gateways: string[], apiKey: string, db: Client): Promise<Record<string, unknown>> {
  const [gateway = ''] = gateways;
  const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' };
  const workflow = readFileSync(join(ROOT, 'docs', 'examples', 'order-intake.workflow.json'), 'utf8');
  const order = readFileSync(join(ROOT, 'docs', 'examples', 'order.json'), 'utf8');
  const created = await fetch(`${gateway}/api/v1/workflows`, { method: 'POST', headers, body: workflow });
  if (created.status !== 201)
    throw new Error(`could not create the workflow: ${created.status} ${await created.text()}`);
  let httpErrors = 0;
  let submitted = 0;
  let firstFailure: string | undefined;
  const refusals: Record<number, number> = {};
  const started = Date.now();
  const submitOne = async (): Promise<void> => {
    const via = gateways[submitted++ % gateways.length];
    try {
      const reply = await fetch(`${via}/api/v1/workflows/order-intake/execute`, {
        method: 'POST',
        headers,
        body: order,
      });
      if (reply.status !== 202) {
        httpErrors += 1;
        refusals[reply.status] = (refusals[reply.status] ?? 0) + 1;
      }
      await reply.arrayBuffer();
    } catch (error) {
      // A refused or reset connection fails this submission, not the whole benchmark.
      httpErrors += 1;
      firstFailure ??= `${via}: ${describe(error)}`;
    }
  };
  if (RATE === undefined) await runPool(RUNS, CONCURRENCY, submitOne);
  else await runAtRate(RUNS, RATE, submitOne);
  const submittedMs = Date.now() - started;
  for (;;) {
    const open = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM orchestrator.runs WHERE status IN ('running', 'paused')`,
    );
    if (Number(open.rows[0]?.n) === 0) break;
    if (Date.now() - started > 15 * 60_000) throw new Error('runs did not finish within 15 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  const steps = await db.query<{ ms: string; done: Date; first: Date }>(
    `SELECT extract(epoch FROM finished_at - dispatched_at) * 1000 AS ms, finished_at AS done,
            dispatched_at AS first FROM orchestrator.step_runs WHERE status = 'succeeded'`,
  );
  const runs = await db.query<{ ms: string; status: string }>(
    `SELECT extract(epoch FROM updated_at - created_at) * 1000 AS ms, status FROM orchestrator.runs`,
  );
  const firstDispatch = Math.min(...steps.rows.map((r) => r.first.getTime()));
  const lastDone = Math.max(...steps.rows.map((r) => r.done.getTime()));
  const stepMs = steps.rows.map((r) => Number(r.ms));
  const runMs = runs.rows.map((r) => Number(r.ms));
  return {
    runs: RUNS,
    ...(RATE === undefined ? { concurrency: CONCURRENCY } : { rate_per_s: RATE }),
    completed_steps: steps.rowCount,
    steps_per_s: Math.round((steps.rowCount ?? 0) / ((lastDone - firstDispatch) / 1000)),
    step_latency_ms_p50: round(percentile(stepMs, 50)),
    step_latency_ms_p99: round(percentile(stepMs, 99)),
    run_latency_ms_p50: round(percentile(runMs, 50)),
    run_latency_ms_p99: round(percentile(runMs, 99)),
    submit_s: round(submittedMs / 1000),
    errors: httpErrors + runs.rows.filter((r) => r.status !== 'succeeded').length,
    ...(httpErrors === 0 ? {} : { http_statuses: refusals }),
    ...(firstFailure === undefined ? {} : { first_http_failure: firstFailure }),
  };
}

/**
 * CPU seconds per fleet app (all its processes), Postgres (all backends, other users' included)
 * and RabbitMQ, to say where the time goes.
 */
function cpuByComponent(fleet: Fleet, instances: Record<string, string[]>): Record<string, number> {
  const cpu: Record<string, number> = {};
  for (const [app, names] of Object.entries(instances))
    cpu[app] = names.reduce((sum, instance) => sum + cpuSeconds(fleet.pid(instance) ?? 0), 0);
  cpu.postgres = cpuSecondsMatching('postgres:');
  cpu.rabbitmq = cpuSecondsMatching('beam.smp');
  return cpu;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** fetch says only "fetch failed"; the reason (ECONNRESET, ECONNREFUSED) is its cause. */
function describe(error: unknown): string {
  const { message, cause } = error as Error;
  return cause instanceof Error ? `${message} (${cause.message})` : message;
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${describe(error)}`);
  process.exit(1);
});
