import type { Channel } from 'amqplib';
import type { BrokerNames } from '@ensemble/contracts';
import type { QueueSpec } from './messaging-settings';

export const RETRY_DELAY_MS = 1000;

/** Exchanges every app may publish to. Idempotent. */
export async function assertExchanges(channel: Channel, names: BrokerNames): Promise<void> {
  await channel.assertExchange(names.eventsExchange, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
}

/**
 * A durable quorum queue, its dead-letter queue (bound to the DLX by the queue's name) and a
 * retry queue whose messages return to it after RETRY_DELAY_MS. Every app that uses the queue
 * declares it with the same arguments, so declaring is idempotent.
 */
export async function assertWorkQueue(
  channel: Channel,
  names: BrokerNames,
  queue: string,
  deliveryLimit: number,
): Promise<void> {
  const dlq = names.deadLetterQueue(queue);
  await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(dlq, names.deadLetterExchange, queue);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-dead-letter-routing-key': queue,
      'x-delivery-limit': deliveryLimit,
    },
  });
  await channel.assertQueue(names.retryQueue(queue), {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': RETRY_DELAY_MS,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
    },
  });
}

/** Declares the queue a spec describes and returns the name to consume from. */
export async function assertQueue(
  channel: Channel,
  names: BrokerNames,
  spec: QueueSpec,
  deliveryLimit: number,
): Promise<string> {
  switch (spec.kind) {
    case 'work':
      await assertWorkQueue(channel, names, spec.name, deliveryLimit);
      return spec.name;
    case 'events':
      await assertWorkQueue(channel, names, spec.name, deliveryLimit);
      for (const pattern of spec.bindings) await channel.bindQueue(spec.name, names.eventsExchange, pattern);
      return spec.name;
    case 'rpc':
      // Durable so a request sent while the server reconnects waits (until its expiration) instead of bouncing.
      await channel.assertQueue(spec.name, { durable: true, arguments: { 'x-max-length': 10000 } });
      return spec.name;
    case 'broadcast': {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      for (const pattern of spec.bindings) await channel.bindQueue(queue, names.eventsExchange, pattern);
      return queue;
    }
  }
}
