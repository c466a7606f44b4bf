import amqp from 'amqplib';
import { Client, Pool } from 'pg';

export interface RawLimitOptions {
  /** An AMQP URL allowed to declare and use `queue` (the bench uses the orchestrator's login). */
  amqpUrl: string;
  queue: string;
  pg: { host: string; port: number; user: string; database: string };
  messages: number;
  inFlight: number;
}

/**
 * The bare minimum of a durable step on this machine, with amqplib and pg alone: a persistent,
 * confirmed publish to a quorum queue, a consume, one Postgres insert, an ack. The fleet's
 * throughput is reported as a ratio of this, so the figure means the same on any machine.
 */
export async function measureRawLimit(o: RawLimitOptions): Promise<number> {
  const table = `raw_${o.queue.replace(/[^a-z0-9]/gi, '_')}`.slice(0, 60);
  const admin = new Client(o.pg);
  await admin.connect();
  await admin.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, body jsonb NOT NULL)`);
  const pool = new Pool({ ...o.pg, max: 10 });
  const connection = await amqp.connect(o.amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(o.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.prefetch(o.inFlight);
    const started = performance.now();
    const done = consumeInto(channel, o, pool, table);
    await publishAll(channel, o);
    await done;
    const seconds = (performance.now() - started) / 1000;
    await channel.deleteQueue(o.queue);
    return Math.round(o.messages / seconds);
  } finally {
    await connection.close().catch(() => undefined);
    await pool.end();
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
  }
}

async function publishAll(channel: amqp.ConfirmChannel, o: RawLimitOptions): Promise<void> {
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < o.messages; i += 1) {
    const body = Buffer.from(JSON.stringify({ id: crypto.randomUUID(), n: i, payload: { amount: 250 } }));
    const confirmed = new Promise<void>((resolve, reject) => {
      channel.sendToQueue(o.queue, body, { persistent: true }, (error: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error('the broker did not confirm a publish'));
        else resolve();
      });
    });
    pending.add(confirmed);
    void confirmed.finally(() => pending.delete(confirmed));
    if (pending.size >= o.inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
}

function consumeInto(
  channel: amqp.ConfirmChannel,
  o: RawLimitOptions,
  pool: Pool,
  table: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let acked = 0;
    void channel.consume(o.queue, (msg) => {
      if (!msg) return;
      const { id } = JSON.parse(msg.content.toString()) as { id: string };
      pool
        .query(`INSERT INTO ${table} (id, body) VALUES ($1, $2)`, [id, msg.content.toString()])
        .then(() => {
          channel.ack(msg);
          acked += 1;
          if (acked === o.messages) resolve();
        })
        .catch(reject);
    });
  });
}
