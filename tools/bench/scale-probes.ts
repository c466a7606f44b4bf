import { Client, type ClientConfig } from 'pg';

const CHANNEL = 'scale_bench_heard';

/**
 * Heartbeat handling latency as the registry's database sees it: a trigger the bench adds to its
 * private copy of `registry.agents` NOTIFYs each heartbeat's `last_heartbeat_at` (the envelope's
 * `occurredAt`, set just before the agent publishes); Postgres delivers the notification when the
 * registry's transaction commits, and the bench stamps its arrival. Arrival minus `occurredAt` is
 * publish → broker → registry → commit, plus the notification's own hop (same clock, one machine).
 */
export class HeartbeatProbe {
  private readonly samples: { sentAt: number; latencyMs: number }[] = [];

  private constructor(private readonly listener: Client) {}

  static async install(admin: Client, settings: ClientConfig): Promise<HeartbeatProbe> {
    await admin.query(`
      CREATE FUNCTION registry.${CHANNEL}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.health <> 'offline' AND NEW.registered_at <> NEW.last_heartbeat_at THEN
          PERFORM pg_notify('${CHANNEL}', (extract(epoch FROM NEW.last_heartbeat_at) * 1000)::bigint::text);
        END IF;
        RETURN NULL;
      END $$`);
    await admin.query(`
      CREATE TRIGGER ${CHANNEL} AFTER UPDATE ON registry.agents FOR EACH ROW
      WHEN (OLD.last_heartbeat_at IS DISTINCT FROM NEW.last_heartbeat_at)
      EXECUTE FUNCTION registry.${CHANNEL}()`);
    const listener = new Client(settings);
    await listener.connect();
    const probe = new HeartbeatProbe(listener);
    listener.on('notification', (n) => {
      const arrived = Date.now();
      const sentAt = Number(n.payload);
      probe.samples.push({ sentAt, latencyMs: arrived - sentAt });
    });
    await listener.query(`LISTEN ${CHANNEL}`);
    return probe;
  }

  /** Latencies of the heartbeats sent within [from, to). */
  latencies(from: number, to: number): number[] {
    return this.samples.filter((s) => s.sentAt >= from && s.sentAt < to).map((s) => s.latencyMs);
  }

  async close(): Promise<void> {
    await this.listener.end();
  }
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
