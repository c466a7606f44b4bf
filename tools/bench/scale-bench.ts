import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import type { AgentCredentials } from '@ensemble/contracts';
import type { Fleet } from '../fleet/fleet';
import { FLEET_APPS } from '../fleet/fleet-apps';
import { amqpUrlFor } from '../fleet/provision-broker';
import { cpuSeconds, cpuSecondsMatching } from './cpu';
import { withPrivateFleet, type PrivateFleet } from './private-fleet';
import type { AgentsReport, FromAgents, ScaleAgentsSpec, SimulatedPrincipal, ToAgents } from './scale-agents';
import { histogramBuckets, readAgentPages } from './scale-probes';
import { bucketDelta, histogramQuantile, percentile, spread, type Bucket } from './stats';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const CAPABILITIES = Number(process.env.BENCH_CAPABILITIES ?? 4);
/** Runs started per second through the gateway; each run is one task per bench capability. */
const RUN_RATE = Number(process.env.BENCH_RUN_RATE ?? 25);
const PROCESSES = Number(process.env.BENCH_AGENT_PROCESSES ?? 2);
const PER_CONNECTION = Number(process.env.BENCH_AGENTS_PER_CONNECTION ?? 125);
const PREFETCH = Number(process.env.BENCH_AGENT_PREFETCH ?? 1);
const LIST_CLIENTS = Number(process.env.BENCH_LIST_CLIENTS ?? 2);
const HEARTBEAT_MS = 5000;

type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/**
 * `npm run bench:scale`: a private fleet, BENCH_AGENTS simulated agents (BENCH_AGENT_PROCESSES
 * processes speaking the agent protocol over amqplib) shared among BENCH_CAPABILITIES agent
 * principals; while they heartbeat, runs flow at BENCH_RUN_RATE and readers page through
 * `GET /api/v1/agents` for BENCH_DURATION_S. Prints one JSON line.
 */
async function main(): Promise<void> {
  await withPrivateFleet('scale', async (pf) => {
    const api = apiOf(`${pf.fleet.url('gateway')}/api/v1`, pf.apiKey);
    const capabilities = Array.from({ length: CAPABILITIES }, (_, c) => `scale.c${c}`);
    const principals = await declarePrincipals(api, pf, capabilities);
    const workflow = { name: 'scale', steps: capabilities.map((c, i) => ({ id: `s${i}`, capability: c })) };
    const created = await api('POST', '/workflows', workflow);
    if (created.status !== 201) throw new Error(`workflow refused: ${JSON.stringify(created.body)}`);
    const children = await startAgents(pf.config.BROKER_PREFIX, principals);
    try {
      await registered(pf.db, AGENTS);
      const figures = await measure(pf, api, capabilities[0] ?? '');
      const reports = await stopAgents(children);
      console.log(JSON.stringify({ ...figures, ...fairness(principals, reports) }));
    } finally {
      for (const child of children) child.kill();
    }
  });
}

async function declarePrincipals(
  api: Api,
  pf: PrivateFleet,
  capabilities: string[],
): Promise<SimulatedPrincipal[]> {
  const principals: SimulatedPrincipal[] = [];
  for (const [c, capability] of capabilities.entries()) {
    const reply = await api('POST', '/agents', { name: `scale-${c}`, capabilities: [capability] });
    if (reply.status !== 201) throw new Error(`POST /agents answered ${reply.status}`);
    const { broker } = reply.body as AgentCredentials;
    principals.push({
      capability,
      name: `scale-${c}`,
      url: amqpUrlFor(pf.config.AMQP_URL, broker.username, broker.password, broker.vhost),
      username: broker.username,
      queue: broker.consume[capability] ?? '',
      agentIds: [],
    });
  }
  for (let i = 0; i < AGENTS; i += 1) {
    const principal = principals[i % principals.length];
    principal.agentIds.push(`${principal.name}@sim-${String(i).padStart(5, '0')}`);
  }
  return principals;
}

async function measure(pf: PrivateFleet, api: Api, capability: string): Promise<object> {
  const load = loadavg()[0] ?? 0;
  const registry = pf.fleet.url('registry');
  const histogramsBefore = await registryHistograms(registry);
  const cpuBefore = cpuByComponent(pf.fleet);
  const from = Date.now();
  const endAt = from + DURATION_S * 1000;
  const queries = ['limit=50', 'limit=200', `capability=${capability}&limit=50`, 'health=healthy&limit=200'];
  const gateway = `${pf.fleet.url('gateway')}/api/v1`;
  const [runs, pages] = await Promise.all([
    submitRuns(api, endAt),
    readAgentPages(gateway, pf.apiKey, queries, LIST_CLIENTS, () => Date.now() >= endAt),
  ]);
  const to = Date.now();
  const cpuAfter = cpuByComponent(pf.fleet);
  // What the registry committed and answered during the window.
  const histogramsAfter = await registryHistograms(registry);
  const lag = bucketDelta(histogramsBefore.lag, histogramsAfter.lag);
  const cpu = Object.fromEntries(
    Object.entries(cpuAfter).map(([k, v]) => [k, round(v - (cpuBefore[k] ?? 0))]),
  );
  const allPages = Object.values(pages.latencies).flat();
  const outcome = await runOutcome(pf.db, to);
  return {
    agents: AGENTS,
    capabilities: CAPABILITIES,
    duration_s: round((to - from) / 1000),
    load_avg_1m_at_start: round(load),
    heartbeat: {
      sent: Math.round(((to - from) / HEARTBEAT_MS) * AGENTS),
      ...quantiles(lag),
      within_50ms_pct: round(((lag.find((b) => b.le === 0.05)?.count ?? 0) / (lag.at(-1)?.count ?? 1)) * 100),
      registry_handler: quantiles(bucketDelta(histogramsBefore.heartbeat, histogramsAfter.heartbeat)),
    },
    registry_cpu_s: cpu.registry,
    registry_cpu_pct_of_core: round((cpu.registry / ((to - from) / 1000)) * 100),
    get_agents: {
      n: allPages.length,
      p50_ms: round(percentile(allPages, 50)),
      p99_ms: round(percentile(allPages, 99)),
      per_query: Object.fromEntries(
        Object.entries(pages.latencies).map(([q, l]) => [
          q,
          { n: l.length, p50_ms: round(percentile(l, 50)), p99_ms: round(percentile(l, 99)) },
        ]),
      ),
      errors: pages.errors,
      duplicates: pages.duplicates,
      registry_handler: quantiles(bucketDelta(histogramsBefore.list, histogramsAfter.list)),
    },
    runs: { submitted: runs.submitted, rate_per_s: RUN_RATE, http_errors: runs.errors, ...outcome },
    cpu_seconds: cpu,
  };
}

/** Heartbeat lag (send to commit), heartbeat handling and agent.list handling in the registry. */
async function registryHistograms(registry: string): Promise<Record<'lag' | 'heartbeat' | 'list', Bucket[]>> {
  return {
    lag: await histogramBuckets(registry, 'ensemble_agent_announcement_lag_seconds', 'agent.heartbeat.v1'),
    heartbeat: await histogramBuckets(registry, 'ensemble_handler_seconds', 'agent.heartbeat.v1'),
    list: await histogramBuckets(registry, 'ensemble_handler_seconds', 'agent.list.v1'),
  };
}

function quantiles(buckets: Bucket[]): { n: number; p50_ms: number; p99_ms: number } {
  return {
    n: buckets.at(-1)?.count ?? 0,
    p50_ms: round(histogramQuantile(buckets, 0.5) * 1000),
    p99_ms: round(histogramQuantile(buckets, 0.99) * 1000),
  };
}

/** Starts runs at RUN_RATE until `endAt`, whatever is in flight (an open loop). */
async function submitRuns(api: Api, endAt: number): Promise<{ submitted: number; errors: number }> {
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  for (let i = 0; ; i += 1) {
    const due = started + (i * 1000) / RUN_RATE;
    if (due >= endAt) break;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    inFlight.push(
      api('POST', '/workflows/scale/execute', { input: { n: i } }).then(
        (reply) => {
          if (reply.status !== 202) errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { submitted: inFlight.length, errors };
}

/** Waits (up to a minute) for the runs to finish; counts them by status. */
async function runOutcome(db: Client, since: number): Promise<Record<string, number>> {
  const deadline = since + 60_000;
  for (;;) {
    const open = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM orchestrator.runs WHERE status = 'running'`,
    );
    if (Number(open.rows[0]?.n) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const rows = await db.query<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM orchestrator.runs GROUP BY status`,
  );
  const count = (status?: string): number =>
    rows.rows.filter((r) => status === undefined || r.status === status).reduce((a, r) => a + Number(r.n), 0);
  return { completed: count('succeeded'), not_completed: count() - count('succeeded') };
}

/** Per capability: tasks each of its agent instances answered, and how evenly. */
function fairness(principals: SimulatedPrincipal[], reports: AgentsReport[]): object {
  const tasks = new Map(reports.flatMap((r) => Object.entries(r.tasks)));
  const perCapability = Object.fromEntries(
    principals.map((p) => {
      const s = spread(p.agentIds.map((id) => tasks.get(id) ?? 0));
      return [
        p.capability,
        {
          agents: s.n,
          tasks: Math.round(s.mean * s.n),
          mean: round(s.mean),
          min: s.min,
          max: s.max,
          max_min: round(s.maxMin),
          cv: round(s.cv, 3),
        },
      ];
    }),
  );
  return {
    fairness: perCapability,
    agent_announcements_sent: reports.reduce((a, r) => a + r.announcements, 0),
    agent_failures: reports.flatMap((r) => r.failures),
  };
}

/** Forks the agent processes, each with a share of every principal's instances. */
async function startAgents(prefix: string, principals: SimulatedPrincipal[]): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  for (let k = 0; k < PROCESSES; k += 1) {
    const spec: ScaleAgentsSpec = {
      prefix,
      heartbeatMs: HEARTBEAT_MS,
      prefetch: PREFETCH,
      perConnection: PER_CONNECTION,
      principals: principals.map((p) => ({
        ...p,
        agentIds: p.agentIds.filter((_, i) => i % PROCESSES === k),
      })),
    };
    const child = fork(join(__dirname, 'scale-agents.js'), [], { stdio: 'inherit' });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => {
        resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`agent process exited (${code ?? '?'})`));
      });
      child.send({ kind: 'start', spec } satisfies ToAgents);
    });
  }
  return children;
}

async function stopAgents(children: ChildProcess[]): Promise<AgentsReport[]> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<AgentsReport>((resolve) => {
          child.once('message', (message: FromAgents) => {
            if (message.kind === 'stopped') resolve(message);
          });
          child.send({ kind: 'stop' } satisfies ToAgents);
        }),
    ),
  );
}

/** Waits until the registry holds every simulated agent as healthy. */
async function registered(db: Client, n: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const rows = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM registry.agents WHERE host = 'scale-bench' AND health = 'healthy'`,
    );
    if (Number(rows.rows[0]?.n) >= n) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the registry did not list ${n} healthy simulated agents within 2 minutes`);
}

function apiOf(base: string, apiKey: string): Api {
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

function cpuByComponent(fleet: Fleet): Record<string, number> {
  const cpu: Record<string, number> = {};
  for (const app of FLEET_APPS) cpu[app.name] = cpuSeconds(fleet.pid(app.name) ?? 0);
  cpu.postgres = cpuSecondsMatching('postgres:');
  cpu.rabbitmq = cpuSecondsMatching('beam.smp');
  cpu.bench_agents = cpuSecondsMatching('scale-agents.js');
  cpu.bench_main = cpuSeconds(process.pid);
  return cpu;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

main().catch((error: unknown) => {
  console.error(`bench:scale failed: ${(error as Error).message}`);
  process.exit(1);
});
