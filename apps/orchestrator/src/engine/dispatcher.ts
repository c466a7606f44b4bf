import { Injectable } from '@nestjs/common';
import {
  createEnvelope,
  FLEET_CAPABILITIES,
  MessageTypes,
  type Envelope,
  type StepCancelPayload,
  type StepDispatchPayload,
  type TaskSpec,
} from '@ensemble/contracts';
import { BusNames } from './bus-names';
import { isSettled } from './run-state';
import type { RunUnit } from './run-unit';

/** Builds the messages a run sends: tasks to capability queues, cancellations to the events exchange. */
@Injectable()
export class Dispatcher {
  constructor(private readonly messaging: BusNames) {}

  sendTask(
    unit: RunUnit,
    stepId: string,
    spec: TaskSpec,
    input: unknown,
    attempt: number,
    causationId: string,
    deadline?: string,
  ): Envelope<StepDispatchPayload> {
    const { run } = unit;
    const payload: StepDispatchPayload = {
      runId: run.id,
      stepId,
      attempt,
      capability: spec.capability,
      input,
      ...(spec.action === undefined ? {} : { action: spec.action }),
      ...(spec.params === undefined ? {} : { params: spec.params }),
      ...(deadline === undefined ? {} : { deadline }),
    };
    const envelope = createEnvelope(MessageTypes.orchestrator.stepDispatch, payload, {
      tenantId: run.tenantId,
      correlationId: run.correlationId,
      causationId,
      runId: run.id,
      stepId,
      attempt,
    });
    const queue = this.messaging.names.taskQueue(run.tenantId, spec.capability, FLEET_CAPABILITIES);
    unit.send({ exchange: '', routingKey: queue, envelope });
    return envelope;
  }

  tellAgentsToStop(unit: RunUnit, stepId: string | undefined, reason: string): void {
    const { run } = unit;
    const payload: StepCancelPayload = { runId: run.id, reason, ...(stepId === undefined ? {} : { stepId }) };
    const envelope = createEnvelope(MessageTypes.orchestrator.stepCancel, payload, {
      tenantId: run.tenantId,
      correlationId: run.correlationId,
      causationId: run.id,
      runId: run.id,
    });
    unit.send({ exchange: this.messaging.names.eventsExchange, routingKey: envelope.type, envelope });
  }

  /** Cancels every step not yet settled; agents working on one are told to stop. */
  stopOpenSteps(unit: RunUnit, reason: string): void {
    for (const [stepId, record] of unit.steps) {
      if (isSettled(record.status)) continue;
      const wasRunning = record.status === 'dispatched' || record.status === 'compensating';
      unit.updateStep(stepId, { status: 'cancelled', finishedAt: new Date() });
      unit.clearTimers(stepId);
      if (wasRunning) this.tellAgentsToStop(unit, stepId, reason);
    }
  }
}
