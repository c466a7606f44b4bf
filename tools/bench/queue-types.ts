import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import amqp, { type Channel, type ConfirmChannel } from 'amqplib';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { percentile } from './stats';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const IN_FLIGHT = 256;
const LATENCY_SAMPLES = 300;
const BODY = Buffer.alloc(600, 120);
type QueueType = 'quorum' | 'classic';

function publish(channel: ConfirmChannel, queue: string): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.publish('', queue, BODY, { persistent: true }, (error) => {
      if (error) reject(error as Error);
      else resolve();
    });
  });
}

/** One message at a time: publish, wait for the confirm, then for its delivery. */
async function latency(pub: ConfirmChannel, sub: Channel, queue: string): Promise<Record<string, number>> {
  let delivered: (() => void) | undefined;
  const { consumerTag } = await sub.consume(queue, (msg) => {
    if (!msg) return;
    sub.ack(msg);
    delivered?.();
  });
  const confirms: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    const started = performance.now();
    await publish(pub, queue);
    confirms.push(performance.now() - started);
    await arrived;
  }
  await sub.cancel(consumerTag);
  return { confirm_ms_p50: round(percentile(confirms, 50)), confirm_ms_p99: round(percentile(confirms, 99)) };
}

/** MESSAGES persistent, confirmed publishes with IN_FLIGHT outstanding, consumed and acked. */
async function throughput(pub: ConfirmChannel, sub: Channel, queue: string): Promise<number> {
  let received = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const { consumerTag } = await sub.consume(queue, (msg) => {
    if (!msg) return;
    sub.ack(msg);
    if (++received === MESSAGES) finished();
  });
  const started = performance.now();
  let sent = 0;
  const lanes = Array.from({ length: IN_FLIGHT }, async () => {
    while (sent < MESSAGES) {
      sent += 1;
      await publish(pub, queue);
    }
  });
  await Promise.all(lanes);
  await done;
  await sub.cancel(consumerTag);
  return Math.round(MESSAGES / ((performance.now() - started) / 1000));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * `npm run bench:queues`: quorum against classic durable queues on this broker (ADR 0009), with
 * amqplib alone over a `noDelay` connection as the fleet uses it: confirm latency one message at
 * a time, then throughput. Each type is measured twice, alternating. Uses AMQP_URL's vhost.
 */
async function main(): Promise<void> {
  const config = loadConfig(BaseConfig);
  const connection = await amqp.connect(config.AMQP_URL, { noDelay: true });
  const pub = await connection.createConfirmChannel();
  const sub = await connection.createChannel();
  await sub.prefetch(IN_FLIGHT);
  const figures: Record<string, unknown>[] = [];
  try {
    for (const type of ['quorum', 'classic', 'quorum', 'classic'] as QueueType[]) {
      const queue = `bench-queue-types-${type}-${randomBytes(3).toString('hex')}`;
      await pub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': type } });
      try {
        figures.push({
          type,
          ...(await latency(pub, sub, queue)),
          msgs_per_s: await throughput(pub, sub, queue),
        });
      } finally {
        await pub.deleteQueue(queue);
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
  console.log(JSON.stringify({ messages: MESSAGES, in_flight: IN_FLIGHT, runs: figures }));
}

main().catch((error: unknown) => {
  console.error(`bench:queues failed: ${(error as Error).message}`);
  process.exit(1);
});
