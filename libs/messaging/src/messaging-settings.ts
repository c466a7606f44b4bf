import type { BaseConfig } from '@ensemble/config';
import { BrokerNames, PrincipalNames, type FleetApp } from '@ensemble/contracts';

/**
 * Who may publish to a queue, judged on the broker-validated `user-id`: the named fleet apps, or
 * any authenticated principal (the handler then decides, e.g. results by entitlement). A queue
 * without a rule accepts anyone (tests' own queues).
 */
export type SenderRule = readonly FleetApp[] | 'any-principal';

interface Guarded {
  senders?: SenderRule;
}

export type QueueSpec =
  /** Durable quorum queue with a DLQ and a delayed-retry queue (capability queues, results). */
  | ({ kind: 'work'; name: string } & Guarded)
  /** Short-lived request/response queue; replies go to the caller's reply queue. */
  | ({ kind: 'rpc'; name: string } & Guarded)
  /** Durable quorum queue bound to the events exchange by routing-key patterns. */
  | ({ kind: 'events'; name: string; bindings: string[] } & Guarded)
  /**
   * A private, server-named queue per process bound to the events exchange: every replica gets
   * every message (cancellations). `name` only labels it in logs; nothing is retried or kept.
   */
  | ({ kind: 'broadcast'; name: string; bindings: string[] } & Guarded);

export interface MessagingSettings {
  /** The app's name: the connection name, the inbox consumer and the log component. */
  service: string;
  url: string;
  /** The broker login of this process: stamped as `user-id` on everything it publishes. */
  username: string;
  names: BrokerNames;
  principals: PrincipalNames;
  prefetch: number;
  rpcTimeoutMs: number;
  /** Retries of a message whose handler failed with a transient error, one second apart. */
  maxTransientRetries: number;
  /** Deliveries after which the broker itself dead-letters a message (crash loops). */
  deliveryLimit: number;
  holdBeforeAckMs: number;
}

export function messagingSettings(config: BaseConfig, service: string): MessagingSettings {
  return {
    service,
    url: config.AMQP_URL,
    username: brokerUser(config.AMQP_URL),
    names: new BrokerNames(config.BROKER_PREFIX),
    principals: new PrincipalNames(config.BROKER_PREFIX),
    prefetch: config.BROKER_PREFETCH,
    rpcTimeoutMs: config.RPC_TIMEOUT_MS,
    maxTransientRetries: 120,
    deliveryLimit: 10,
    holdBeforeAckMs: config.CHAOS_HOLD_BEFORE_ACK_MS,
  };
}

/** The login in an AMQP URL (amqplib's default is guest). */
export function brokerUser(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  return user === '' ? 'guest' : user;
}
