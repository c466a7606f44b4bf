import 'reflect-metadata';
import autocannon from 'autocannon';
import { withPrivateFleet } from './private-fleet';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

interface Figures {
  req_per_s: number;
  latency_ms_p50: number;
  latency_ms_p99: number;
  non_2xx: number;
  errors: number;
}

async function load(url: string, options: Partial<autocannon.Options> = {}): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...options });
  return {
    req_per_s: Math.round(result.requests.average),
    latency_ms_p50: result.latency.p50,
    latency_ms_p99: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
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
    const figures = {
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      health_live: await load(`${fleet.url('gateway')}/health/live`),
      get_run: await load(`${api}/runs/${runId}`, { headers }),
      start_run: await load(`${api}/workflows/ping/execute`, { method: 'POST', headers, body }),
    };
    console.log(JSON.stringify(figures));
  });
}

main().catch((error: unknown) => {
  console.error(`bench:gateway failed: ${(error as Error).message}`);
  process.exit(1);
});
