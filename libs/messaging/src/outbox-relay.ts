import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Envelope } from '@ensemble/contracts';
import {
  poolOf,
  prepared,
  preparedOnPool,
  TransactionRunner,
  type OutgoingMessage,
} from '@ensemble/persistence';
import { Publisher } from './publisher';

interface OutboxRow {
  id: string;
  exchange: string;
  routing_key: string;
  envelope: Envelope<object>;
  attempts: number;
}

const BATCH_SIZE = 500;
const DELETE_SENT = `DELETE FROM outbox WHERE id = ANY($1::uuid[])`;
const POLL_INTERVAL_MS = 1000;
/** The poll takes only rows this old: younger ones are being published straight after their commit. */
const LEFTOVER_AGE_S = 2;
/**
 * How long the poll leaves alone a row this process is still publishing from memory (under
 * overload that takes longer than LEFTOVER_AGE_S; taking it too would publish it twice and make
 * the in-memory path's DELETE wait on the poll's lock). Past this, the poll takes it anyway.
 */
const IN_MEMORY_GRACE_MS = 30_000;

/** How long a leftover row waits before the poll tries it again, after `attempts` failed publishes. */
export function leftoverBackoffMs(attempts: number): number {
  return Math.min(30_000, 250 * 2 ** Math.min(attempts, 7));
}

/** Ids published from memory since less than `graceMs` before `now`: the poll leaves them alone. */
export function stillInMemory(inMemory: ReadonlyMap<string, number>, now: number, graceMs: number): string[] {
  const since = now - graceMs;
  return [...inMemory].filter(([, at]) => at > since).map(([id]) => id);
}

/**
 * Publishes committed outbox messages with confirms, then deletes their rows. Right after each
 * commit it publishes that transaction's messages from memory (no select, no lock; one delete
 * once confirmed). A slow poll publishes leftovers, rows older than LEFTOVER_AGE_S (a crash
 * between commit and delete, a broker outage, a failed publish), with backoff, skipping the rows
 * this process is still publishing from memory. Replicas share
 * the table: `FOR UPDATE SKIP LOCKED` gives each leftover to one relay at a time. A message is
 * published at least once; consumers' inboxes make that exactly-once in effect.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly publishing = new Set<Promise<void>>();
  /** Ids being published from memory right now, with when that started. */
  private readonly inMemory = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
    transactions: TransactionRunner,
  ) {
    transactions.onCommit((committed) => {
      this.publishCommitted(committed);
    });
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      this.kick();
    }, POLL_INTERVAL_MS);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([this.running, ...this.publishing]);
  }

  /** Publishes a committed transaction's messages now; whatever fails is left to the poll. */
  private publishCommitted(messages: OutgoingMessage[]): void {
    if (this.stopped || messages.length === 0) return;
    const now = Date.now();
    for (const m of messages) this.inMemory.set(m.envelope.id, now);
    const work = this.publishNow(messages).finally(() => {
      for (const m of messages) this.inMemory.delete(m.envelope.id);
      this.publishing.delete(work);
    });
    this.publishing.add(work);
  }

  /** Rows the poll must skip: this process is publishing them from memory (for a while). */
  private beingPublished(): string[] {
    return stillInMemory(this.inMemory, Date.now(), IN_MEMORY_GRACE_MS);
  }

  private async publishNow(messages: OutgoingMessage[]): Promise<void> {
    const outcomes = await Promise.allSettled(
      messages.map((m) => this.publisher.publish(m.exchange, m.routingKey, m.envelope)),
    );
    const sent = messages.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((m) => m.envelope.id);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed)
      this.logger.warn(
        `${messages.length - sent.length} message(s) left for the outbox poll: ${String(failed.reason)}`,
      );
    if (sent.length === 0) return;
    try {
      await preparedOnPool(poolOf(this.dataSource), DELETE_SENT, [sent]);
    } catch (error) {
      // Published but still in the table: the poll publishes them again (consumers dedupe).
      this.logger.warn(`could not delete published outbox rows: ${(error as Error).message}`);
    }
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === BATCH_SIZE) {
        // a full batch means more may be waiting
      }
    } catch (error) {
      this.logger.warn(`outbox relay paused: ${(error as Error).message}`);
    }
  }

  /** Returns how many rows it claimed. */
  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: OutboxRow[] = await prepared(
        tx,
        `SELECT id, exchange, routing_key, envelope, attempts FROM outbox
         WHERE available_at <= now() AND created_at < now() - make_interval(secs => $2)
           AND id <> ALL($3::uuid[])
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE, LEFTOVER_AGE_S, this.beingPublished()],
      );
      if (rows.length === 0) return 0;
      const outcomes = await Promise.allSettled(
        rows.map((row) => this.publisher.publish(row.exchange, row.routing_key, row.envelope)),
      );
      const sent = rows.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((r) => r.id);
      if (sent.length > 0) await prepared(tx, DELETE_SENT, [sent]);
      for (const [i, row] of rows.entries()) {
        const outcome = outcomes[i];
        if (outcome.status !== 'rejected') continue;
        const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        const delayMs = leftoverBackoffMs(row.attempts);
        await tx.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
             available_at = now() + make_interval(secs => $3) WHERE id = $1`,
          [row.id, reason, delayMs / 1000],
        );
        if (row.attempts === 0)
          this.logger.warn(`could not publish ${row.envelope.type} to ${row.routing_key}: ${reason}`);
      }
      return rows.length;
    });
  }
}
