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
  rpc: {
    workflowCreate: 'workflow.create.v1',
    workflowList: 'workflow.list.v1',
    workflowGet: 'workflow.get.v1',
    runStart: 'run.start.v1',
    runGet: 'run.get.v1',
    runList: 'run.list.v1',
    runHistory: 'run.history.v1',
    runControl: 'run.control.v1',
    agentList: 'agent.list.v1',
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
