import 'reflect-metadata';
import autocannon from 'autocannon';
import { cpuSeconds } from './cpu';
import { withPrivateFleet } from './private-fleet';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** `BENCH_ROUTES=get_run` measures only those figures (comma-separated), e.g. while profiling. */
const ROUTES = new Set((process.env.BENCH_ROUTES ?? 'health_live,get_run,start_run').split(','));

interface Figures {
  req_per_s: number;
  latency_ms_p50: number;
  latency_ms_p99: number;
  non_2xx: number;
  errors: number;
  /** The gateway's own CPU per request: comparable across runs even when the machine is busy. */
  gateway_cpu_ms_per_req: number;
}

async function load(
  gatewayPid: number,
  url: string,
  options: Partial<autocannon.Options> = {},
): Promise<Figures> {
  const cpuBefore = cpuSeconds(gatewayPid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...options });
  const cpuMs = (cpuSeconds(gatewayPid) - cpuBefore) * 1000;
  return {
    req_per_s: Math.round(result.requests.average),
    latency_ms_p50: result.latency.p50,
    latency_ms_p99: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    gateway_cpu_ms_per_req: Number((cpuMs / Math.max(1, result.requests.total)).toFixed(3)),
  };
}

/**
 * `npm run bench:gateway`: a private fleet, then autocannon (CONNECTIONS connections, DURATION_S
 * each) against the health probe, an authenticated run read and run starts of a one-step
 * workflow. Prints one JSON line.
 */
async function main(): Promise<void> {
  await withPrivateFleet('gwbench', async ({ fleet, apiKey }) => {
    const api = `${fleet.url('gateway')}/api/v1`;
    const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' };
    const workflow = {
      name: 'ping',
      steps: [{ id: 'ping', capability: 'data', action: 'normalize', input: 'input' }],
    };
    const created = await fetch(`${api}/workflows`, {
      method: 'POST',
      headers,
      body: JSON.stringify(workflow),
    });
    if (created.status !== 201) throw new Error(`could not create the workflow: ${await created.text()}`);
    const body = JSON.stringify({ input: { n: 1 } });
    const started = await fetch(`${api}/workflows/ping/execute`, { method: 'POST', headers, body });
    const { runId } = (await started.json()) as { runId: string };
    const pid = fleet.pid('gateway') ?? 0;
    const loads: Record<string, () => Promise<Figures>> = {
      health_live: () => load(pid, `${fleet.url('gateway')}/health/live`),
      get_run: () => load(pid, `${api}/runs/${runId}`, { headers }),
      start_run: () => load(pid, `${api}/workflows/ping/execute`, { method: 'POST', headers, body }),
    };
    const figures: Record<string, unknown> = { connections: CONNECTIONS, duration_s: DURATION_S };
    for (const [name, run] of Object.entries(loads)) if (ROUTES.has(name)) figures[name] = await run();
    console.log(JSON.stringify(figures));
  });
}

main().catch((error: unknown) => {
  console.error(`bench:gateway failed: ${(error as Error).message}`);
  process.exit(1);
});
