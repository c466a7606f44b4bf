import { randomUUID } from 'node:crypto';
import {
  BrokerNames,
  PrincipalNames,
  type StepDefinition,
  type StepResultPayload,
  type WorkflowDefinition,
} from '@ensemble/contracts';
import { ExpressionSandbox, JsonataEvaluator } from '@ensemble/expressions';
import type { MessagingSettings } from '@ensemble/messaging';
import { CompensationService } from '../../apps/orchestrator/src/engine/compensation.service';
import { Dispatcher } from '../../apps/orchestrator/src/engine/dispatcher';
import { EngineService } from '../../apps/orchestrator/src/engine/engine.service';
import { Expressions } from '../../apps/orchestrator/src/engine/expressions';
import { ResultApplier } from '../../apps/orchestrator/src/engine/result-applier';
import type { RunRecord, StepRecord } from '../../apps/orchestrator/src/engine/run-state';
import { RunUnit } from '../../apps/orchestrator/src/engine/run-unit';
import { pendingStep } from '../../apps/orchestrator/src/engine/run-state';

export const TEST_PREFIX = 'unit';

/** Starts a worker only if an expression overruns its in-process budget; specs close it afterwards. */
export const sandbox = new ExpressionSandbox();

export function messagingSettingsFixture(): MessagingSettings {
  return {
    service: 'orchestrator',
    url: 'amqp://unused',
    username: `${TEST_PREFIX}.orchestrator`,
    names: new BrokerNames(TEST_PREFIX),
    principals: new PrincipalNames(TEST_PREFIX),
    prefetch: 1,
    rpcTimeoutMs: 1000,
    maxTransientRetries: 0,
    deliveryLimit: 1,
    holdBeforeAckMs: 0,
  };
}

/** The engine with its real collaborators; none of them does I/O. */
export function engineFixture(): {
  engine: EngineService;
  dispatcher: Dispatcher;
  compensation: CompensationService;
  results: ResultApplier;
} {
  const expressions = new Expressions(new JsonataEvaluator(sandbox));
  const settings = messagingSettingsFixture();
  const dispatcher = new Dispatcher(settings);
  const compensation = new CompensationService(dispatcher, expressions);
  const engine = new EngineService(expressions, compensation, dispatcher);
  const results = new ResultApplier(engine, compensation, settings);
  return { engine, dispatcher, compensation, results };
}

/** The fleet's data agent, entitled to the `data` capability for every tenant. */
export const DATA_AGENT = `${TEST_PREFIX}.data-agent`;

/** What an agent reports for the current attempt of `stepId` (its task id, attempt and capability). */
export function stepResult(
  unit: RunUnit,
  stepId: string,
  change: Partial<StepResultPayload> = {},
): StepResultPayload {
  const record = unit.step(stepId);
  return {
    runId: unit.run.id,
    stepId,
    attempt: record.attempt,
    taskId: record.taskId ?? randomUUID(),
    outcome: 'succeeded',
    output: { from: stepId },
    agentId: 'agent-1',
    durationMs: 5,
    ...change,
  };
}

export function stepRecord(stepId: string, change: Partial<StepRecord> = {}): StepRecord {
  return { ...pendingStep(stepId, 'data'), ...change };
}

export function runRecord(change: Partial<RunRecord> = {}): RunRecord {
  const now = new Date();
  return {
    id: randomUUID(),
    tenantId: 'acme',
    definitionId: randomUUID(),
    workflow: 'wf',
    version: 1,
    status: 'running',
    input: { x: 1 },
    output: null,
    error: null,
    idempotencyKey: null,
    retryOf: null,
    correlationId: 'corr',
    createdAt: now,
    updatedAt: now,
    ...change,
  };
}

/** A loaded run of `steps`; `records` overrides the state of some steps (all pending otherwise). */
export function runUnit(
  steps: StepDefinition[],
  records: Record<string, Partial<StepRecord>> = {},
  run: Partial<RunRecord> = {},
  extra: Partial<WorkflowDefinition> = {},
): RunUnit {
  const definition: WorkflowDefinition = { name: 'wf', steps, ...extra };
  const map = new Map(
    steps.map((s) => [s.id, stepRecord(s.id, { capability: s.capability, ...records[s.id] })]),
  );
  return new RunUnit(runRecord(run), definition, map);
}

export function step(id: string, extra: Partial<StepDefinition> = {}): StepDefinition {
  return { id, capability: 'data', action: 'normalize', ...extra };
}

/** The ids of the steps dispatched in this unit's messages, in order. */
export function dispatchedSteps(unit: RunUnit): string[] {
  return unit.messages
    .filter((m) => m.envelope.type === 'step.dispatch.v1')
    .map((m) => (m.envelope.payload as { stepId: string }).stepId);
}

export function eventTypes(unit: RunUnit): string[] {
  return unit.events.map((e) => e.type);
}
