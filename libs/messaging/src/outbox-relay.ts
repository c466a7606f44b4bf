import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Envelope } from '@ensemble/contracts';
import { prepared, TransactionRunner } from '@ensemble/persistence';
import { Publisher } from './publisher';

interface OutboxRow {
  id: string;
  exchange: string;
  routing_key: string;
  envelope: Envelope<object>;
  attempts: number;
}

const BATCH_SIZE = 500;
const POLL_INTERVAL_MS = 1000;

/**
 * Publishes committed outbox rows with confirms, then deletes them. Woken right after each
 * commit and by a slow poll (rows left by a crash or a broker outage). Replicas share the table:
 * `FOR UPDATE SKIP LOCKED` gives each row to one relay at a time. A row is published at least
 * once; consumers' inboxes make that exactly-once in effect.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
    transactions: TransactionRunner,
  ) {
    transactions.onCommit(() => {
      this.kick();
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
    await this.running;
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
         WHERE available_at <= now() ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const outcomes = await Promise.allSettled(
        rows.map((row) => this.publisher.publish(row.exchange, row.routing_key, row.envelope)),
      );
      const sent = rows.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((r) => r.id);
      if (sent.length > 0) await prepared(tx, `DELETE FROM outbox WHERE id = ANY($1::uuid[])`, [sent]);
      for (const [i, row] of rows.entries()) {
        const outcome = outcomes[i];
        if (outcome.status !== 'rejected') continue;
        const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        const delayMs = Math.min(30_000, 250 * 2 ** Math.min(row.attempts, 7));
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
