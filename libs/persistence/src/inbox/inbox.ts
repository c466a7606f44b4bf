import { Injectable } from '@nestjs/common';
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

  /** Forget ids older than `days`; redeliveries arrive within minutes, not days. */
  async prune(tx: Tx, days: number): Promise<void> {
    await tx.query(`DELETE FROM inbox WHERE received_at < now() - make_interval(days => $1)`, [days]);
  }
}
