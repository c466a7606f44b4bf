import { createHash } from 'node:crypto';

/**
 * Every message type on the bus, grouped by the app that owns it. The envelope's `type` is the
 * handler pattern; the trailing `.vN` is its major version.
 */
export const MessageTypes = {
  orchestrator: {
    stepDispatch: 'step.dispatch.v1',
    stepCancel: 'step.cancel.v1',
    runEvent: 'run.event.v1',
  },
  agents: {
    stepResult: 'step.result.v1',
    agentRegistered: 'agent.registered.v1',
    agentHeartbeat: 'agent.heartbeat.v1',
    agentDeregistered: 'agent.deregistered.v1',
  },
  registry: {
    principalGranted: 'principal.granted.v1',
    principalRevoked: 'principal.revoked.v1',
  },
  rpc: {
    workflowCreate: 'workflow.create.v1',
    workflowList: 'workflow.list.v1',
    workflowGet: 'workflow.get.v1',
    runStart: 'run.start.v1',
    runList: 'run.list.v1',
    runControl: 'run.control.v1',
    agentList: 'agent.list.v1',
    agentCreate: 'agent.create.v1',
    agentDelete: 'agent.delete.v1',
    agentCapabilities: 'agent.capabilities.v1',
    ruleSetCreate: 'ruleset.create.v1',
    ruleSetList: 'ruleset.list.v1',
    ruleSetGet: 'ruleset.get.v1',
    ruleSetActivate: 'ruleset.activate.v1',
    ruleSetArchive: 'ruleset.archive.v1',
    decisionTableCreate: 'decisiontable.create.v1',
    decisionTableList: 'decisiontable.list.v1',
    decisionTableGet: 'decisiontable.get.v1',
    decisionTableActivate: 'decisiontable.activate.v1',
    decisionTableArchive: 'decisiontable.archive.v1',
    datasetCreate: 'dataset.create.v1',
    datasetList: 'dataset.list.v1',
    datasetGet: 'dataset.get.v1',
    transformationCreate: 'transformation.create.v1',
    transformationList: 'transformation.list.v1',
  },
} as const;

/** Names of queues and exchanges, all under one prefix so test runs never collide. */
export class BrokerNames {
  constructor(readonly prefix: string) {}

  get eventsExchange(): string {
    return `${this.prefix}.events`;
  }

  get deadLetterExchange(): string {
    return `${this.prefix}.dlx`;
  }

  capabilityQueue(capability: string): string {
    return `${this.prefix}.cap.${capability}`;
  }

  /**
   * Where a step of `tenantId` for `capability` is sent: the fleet's own capabilities have one
   * queue for every tenant; a tenant's declared capabilities have a queue of that tenant's only,
   * so another tenant's agent can never read its tasks.
   */
  taskQueue(tenantId: string, capability: string, fleetCapabilities: ReadonlySet<string>): string {
    return fleetCapabilities.has(capability)
      ? this.capabilityQueue(capability)
      : `${this.prefix}.tcap.${tenantKey(tenantId)}.${capability}`;
  }

  get resultsQueue(): string {
    return `${this.prefix}.orchestrator.results`;
  }

  rpcQueue(service: RpcService): string {
    return `${this.prefix}.rpc.${service}`;
  }

  eventsQueue(service: string): string {
    return `${this.prefix}.${service}.events`;
  }

  deadLetterQueue(queue: string): string {
    return `${queue}.dlq`;
  }

  retryQueue(queue: string): string {
    return `${queue}.retry`;
  }
}

export type RpcService = 'orchestrator' | 'registry' | 'validation' | 'decision' | 'data';

/** A tenant id as a queue-name part: itself when it is plain, otherwise a stable hash. */
export function tenantKey(tenantId: string): string {
  if (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(tenantId)) return tenantId;
  return `x${createHash('sha256').update(tenantId).digest('hex').slice(0, 32)}`;
}
