import { Injectable } from '@nestjs/common';
import { prepared } from '../prepared';
import type { Tx } from '../transaction-runner';

/** Records that `consumer` applied message `messageId`. */
@Injectable()
export class Inbox {
  /** True the first time within the transaction that commits; false for a duplicate delivery. */
  async claim(tx: Tx, messageId: string, consumer: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO inbox (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [messageId, consumer],
    );
    return rows.length === 1;
  }

  /**
   * Claims many ids at once; returns those seen for the first time. An id repeated within the
   * call is returned once, so callers must apply only its first occurrence.
   */
  async claimMany(tx: Tx, messageIds: string[], consumer: string): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows: { message_id: string }[] = await prepared(
      tx,
      `INSERT INTO inbox (message_id, consumer) SELECT DISTINCT unnest($1::uuid[]), $2
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [messageIds, consumer],
    );
    return new Set(rows.map((r) => r.message_id));
  }

  /** Forget ids older than `days`; redeliveries arrive within minutes, not days. */
  async prune(tx: Tx, days: number): Promise<void> {
    await tx.query(`DELETE FROM inbox WHERE received_at < now() - make_interval(days => $1)`, [days]);
  }
}
