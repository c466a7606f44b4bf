import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { dropDatabase } from '@ensemble/persistence';
import { Fleet } from '../fleet/fleet';
import { FLEET_APPS } from '../fleet/fleet-apps';
import { migrateFleet } from '../fleet/migrate';
import { brokerEnv, provisionBroker, removeBrokerPrincipals } from '../fleet/provision-broker';
import { preflight } from '../fleet/preflight';
import { cpuSeconds, cpuSecondsMatching } from './cpu';
import { percentile, runPool } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm run bench`: starts a private fleet (own database and broker prefix), submits BENCH_RUNS
 * runs of the three-step order workflow through the gateway, waits for all of them, and prints one
 * JSON line. Step latency is dispatch to result recorded, read from the orchestrator's own rows.
 */
async function main(): Promise<void> {
  const id = randomBytes(3).toString('hex');
  const env = {
    PGDATABASE: `ens_bench_${id}`,
    BROKER_PREFIX: `bench-${id}`,
    BROKER_VHOST: `bench-${id}`,
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(BaseConfig, { ...process.env, ...env });
  const problems = await preflight(config);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  await migrateFleet(config, () => undefined);
  const logins = await provisionBroker(config, {});
  const apiKey = `ens_bench_${randomBytes(12).toString('hex')}`;
  const ports = Object.fromEntries(FLEET_APPS.map((a, i) => [a.name, 4800 + i]));
  const fleet = new Fleet({
    env: {
      ...env,
      GATEWAY_BOOTSTRAP_API_KEY: apiKey,
      JWT_SECRET: randomBytes(24).toString('hex'),
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    },
    logDir: join('/tmp', 'ensemble-bench', id),
    ports,
    perApp: brokerEnv(logins),
  });
  const db = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGADMIN_USER,
    database: env.PGDATABASE,
  });
  try {
    await fleet.startAll(120_000);
    await db.connect();
    const before = cpuByComponent(fleet);
    const result = await measure(fleet.url('gateway'), apiKey, db);
    const after = cpuByComponent(fleet);
    const cpu = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, Math.round((v - (before[k] ?? 0)) * 10) / 10]),
    );
    console.log(JSON.stringify({ ...result, cpu_seconds: cpu }));
  } finally {
    await db.end().catch(() => undefined);
    await fleet.stopAll();
    await removeBrokerPrincipals(config);
    await dropDatabase({
      host: config.PGHOST,
      port: config.PGPORT,
      database: env.PGDATABASE,
      user: config.PGADMIN_USER,
    });
  }
}

async function measure(gateway: string, apiKey: string, db: Client): Promise<Record<string, unknown>> {
  const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' };
  const workflow = readFileSync(join(ROOT, 'docs', 'examples', 'order-intake.workflow.json'), 'utf8');
  const order = readFileSync(join(ROOT, 'docs', 'examples', 'order.json'), 'utf8');
  const created = await fetch(`${gateway}/api/v1/workflows`, { method: 'POST', headers, body: workflow });
  if (created.status !== 201)
    throw new Error(`could not create the workflow: ${created.status} ${await created.text()}`);
  let httpErrors = 0;
  const started = Date.now();
  await runPool(RUNS, CONCURRENCY, async () => {
    const reply = await fetch(`${gateway}/api/v1/workflows/order-intake/execute`, {
      method: 'POST',
      headers,
      body: order,
    });
    if (reply.status !== 202) httpErrors += 1;
    await reply.arrayBuffer();
  });
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
    concurrency: CONCURRENCY,
    completed_steps: steps.rowCount,
    steps_per_s: Math.round((steps.rowCount ?? 0) / ((lastDone - firstDispatch) / 1000)),
    step_latency_ms_p50: round(percentile(stepMs, 50)),
    step_latency_ms_p99: round(percentile(stepMs, 99)),
    run_latency_ms_p50: round(percentile(runMs, 50)),
    run_latency_ms_p99: round(percentile(runMs, 99)),
    submit_s: round(submittedMs / 1000),
    errors: httpErrors + runs.rows.filter((r) => r.status !== 'succeeded').length,
  };
}

/** CPU seconds per fleet app, Postgres (all backends) and RabbitMQ, to say where the time goes. */
function cpuByComponent(fleet: Fleet): Record<string, number> {
  const cpu: Record<string, number> = {};
  for (const app of FLEET_APPS) cpu[app.name] = cpuSeconds(fleet.pid(app.name) ?? 0);
  cpu.postgres = cpuSecondsMatching('postgres:');
  cpu.rabbitmq = cpuSecondsMatching('beam.smp');
  return cpu;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
