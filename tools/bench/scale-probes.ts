import type { Bucket } from './stats';

/**
 * One labelled histogram of an app's `/metrics` for one message type: cumulative counts per
 * upper bound. The registry's `ensemble_agent_announcement_lag_seconds` (a heartbeat's
 * `occurredAt`, set just before the agent publishes, to the registry's commit) and every app's
 * `ensemble_handler_seconds` (delivery to commit, or to the RPC reply) are read this way.
 */
export async function histogramBuckets(appUrl: string, metric: string, type: string): Promise<Bucket[]> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const buckets: Bucket[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}_bucket{`) || !line.includes(`type="${type}"`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (le !== undefined) buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** Latency of every page read of `GET /api/v1/agents`, per query. */
export type PageLatencies = Record<string, number[]>;

/**
 * `clients` readers, each walking every page of each query in turn (following `nextCursor`)
 * until `until()` says stop. Checks each walk for duplicates, which keyset pages must never show.
 */
export async function readAgentPages(
  api: string,
  apiKey: string,
  queries: string[],
  clients: number,
  until: () => boolean,
): Promise<{ latencies: PageLatencies; errors: number; duplicates: number }> {
  const latencies: PageLatencies = Object.fromEntries(queries.map((q) => [q, []]));
  let errors = 0;
  let duplicates = 0;
  const walk = async (query: string): Promise<void> => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const started = performance.now();
      const response = await fetch(`${api}/agents?${query}${cursor === null ? '' : `&cursor=${cursor}`}`, {
        headers: { 'x-api-key': apiKey },
      });
      const body = (await response.json()) as { items?: { agentId: string }[]; nextCursor?: string | null };
      latencies[query].push(performance.now() - started);
      if (response.status !== 200 || !body.items) {
        errors += 1;
        return;
      }
      for (const { agentId } of body.items) {
        if (seen.has(agentId)) duplicates += 1;
        seen.add(agentId);
      }
      cursor = body.nextCursor ?? null;
    } while (cursor !== null && !until());
  };
  const client = async (offset: number): Promise<void> => {
    for (let i = offset; !until(); i += 1) await walk(queries[i % queries.length] ?? '');
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return { latencies, errors, duplicates };
}
