import { BrokerNames, FLEET_AGENT_CAPABILITIES, type FleetApp } from '@ensemble/contracts';
import type { Permissions } from './broker-admin';

const SERVICE_RPC: Partial<Record<FleetApp, string>> = {
  orchestrator: 'orchestrator',
  registry: 'registry',
  'validation-agent': 'validation',
  'decision-agent': 'decision',
  'data-agent': 'data',
};

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anyOf(parts: string[]): string {
  return `^(${parts.join('|')})$`;
}

const SERVER_NAMED = 'amq\\.gen-.*';

/** The queues (with their `.dlq` and `.retry`) a fleet app declares and consumes. */
function ownQueues(app: FleetApp, names: BrokerNames): string[] {
  const p = esc(names.prefix);
  const queues: string[] = [];
  const rpc = SERVICE_RPC[app];
  if (rpc !== undefined) queues.push(`${p}\\.rpc\\.${rpc}`);
  if (app === 'orchestrator' || app === 'registry') queues.push(`${p}\\.${app}\\..*`);
  for (const capability of FLEET_AGENT_CAPABILITIES[app] ?? [])
    queues.push(`${esc(names.capabilityQueue(capability))}(\\.dlq|\\.retry)?`);
  return queues;
}

/**
 * Least privilege for a fleet app on the Ensemble vhost. RabbitMQ checks `write` on the exchange
 * a message is published to, and point-to-point messages go through the default exchange, so who
 * may SEND what is enforced by consumers on the validated `user-id`; these permissions decide who
 * may declare, delete and read which queues.
 */
export function fleetPermissions(app: FleetApp, names: BrokerNames): Permissions {
  const p = esc(names.prefix);
  const exchanges = `${p}\\.(events|dlx)`;
  const own = ownQueues(app, names);
  // The orchestrator declares every task queue on first dispatch, so a task waits for its agent;
  // RabbitMQ asks read permission to declare a queue with a dead-letter exchange.
  const declares = app === 'orchestrator' ? [`${p}\\.t?cap\\..*`] : [];
  return {
    configure: anyOf([SERVER_NAMED, exchanges, ...own, ...declares]),
    write: anyOf(['amq\\.default', SERVER_NAMED, exchanges, ...own, ...declares]),
    read: anyOf([SERVER_NAMED, exchanges, ...own, ...declares]),
  };
}

/** A tenant's agent: its own task queues only; it can declare no exchange and read nobody else's queue. */
export function agentPermissions(taskQueues: string[], names: BrokerNames): Permissions {
  const p = esc(names.prefix);
  const own = taskQueues.map((q) => `${esc(q)}(\\.dlq|\\.retry)?`);
  return {
    configure: anyOf([SERVER_NAMED, ...own]),
    write: anyOf(['amq\\.default', SERVER_NAMED, `${p}\\.(events|dlx)`, ...own]),
    read: anyOf([SERVER_NAMED, `${p}\\.(events|dlx)`, ...own]),
  };
}
