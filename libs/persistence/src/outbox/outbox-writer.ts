import { Injectable } from '@nestjs/common';
import type { Envelope } from '@ensemble/contracts';
import { prepared } from '../prepared';
import { noteOutgoing } from './outgoing';
import type { Tx } from '../transaction-runner';

export interface OutgoingMessage {
  /** '' for the default exchange (point-to-point to a queue named by `routingKey`). */
  exchange: string;
  routingKey: string;
  envelope: Envelope<object>;
}

/** Outbox rows as a writer that inserts them with other rows in one statement passes them (JSON). */
export function outboxRows(
  messages: OutgoingMessage[],
): { id: string; exchange: string; routing_key: string; envelope: Envelope<object> }[] {
  return messages.map((m) => ({
    id: m.envelope.id,
    exchange: m.exchange,
    routing_key: m.routingKey,
    envelope: m.envelope,
  }));
}

/** Adds messages to the outbox inside the caller's transaction. */
@Injectable()
export class OutboxWriter {
  async add(tx: Tx, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await prepared(
      tx,
      `INSERT INTO outbox (id, exchange, routing_key, envelope)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        messages.map((m) => m.envelope.id),
        messages.map((m) => m.exchange),
        messages.map((m) => m.routingKey),
        messages.map((m) => JSON.stringify(m.envelope)),
      ],
    );
    noteOutgoing(tx, messages);
  }
}
