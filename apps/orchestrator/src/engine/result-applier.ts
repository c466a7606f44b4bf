import { Injectable, Logger } from '@nestjs/common';
import type { StepResultPayload } from '@ensemble/contracts';
import { refusalOf, type AgentGrant } from '../principals/entitlement';
import { BusNames } from './bus-names';
import { CompensationService } from './compensation.service';
import { EngineService } from './engine.service';
import type { RunUnit } from './run-unit';

/**
 * What one agent result does to its locked run, without I/O: refused when the sender may not
 * report the step, ignored when it is not the current attempt or arrives late, otherwise the
 * step succeeds or the attempt fails, and the run advances.
 */
@Injectable()
export class ResultApplier {
  private readonly logger = new Logger(ResultApplier.name);

  constructor(
    private readonly engine: EngineService,
    private readonly compensation: CompensationService,
    private readonly bus: BusNames,
  ) {}

  /** False (and the rejection recorded in the run's history) when the sender may not report this step. */
  admits(
    unit: RunUnit,
    result: StepResultPayload,
    sender: string | undefined,
    grants: ReadonlyMap<string, AgentGrant>,
  ): boolean {
    const record = unit.steps.get(result.stepId);
    if (!record) return true;
    const capability =
      record.status === 'compensating'
        ? (unit.byId.get(result.stepId)?.compensate?.capability ?? record.capability)
        : record.capability;
    const claim = { sender, tenantId: unit.run.tenantId, capability };
    const reason = refusalOf(claim, this.bus.principals, grants);
    if (reason === null) return true;
    this.logger.warn({ runId: unit.run.id, stepId: result.stepId, sender }, `result rejected: ${reason}`);
    unit.record('step.result_rejected', result.stepId, {
      taskId: result.taskId,
      attempt: result.attempt,
      outcome: result.outcome,
      sender: sender ?? null,
      reason,
    });
    return false;
  }

  async apply(unit: RunUnit, result: StepResultPayload, causationId: string): Promise<void> {
    const record = unit.steps.get(result.stepId);
    const summary = {
      taskId: result.taskId,
      attempt: result.attempt,
      outcome: result.outcome,
      agentId: result.agentId,
    };
    if (!record || record.taskId !== result.taskId) {
      unit.record('step.result_ignored', result.stepId, { ...summary, reason: 'not the current attempt' });
      return;
    }
    if (record.status === 'compensating' && unit.run.status === 'compensating') {
      await this.compensation.onResult(unit, result, causationId);
      return;
    }
    if (record.status !== 'dispatched' || this.engine.isTerminal(unit)) {
      unit.record('step.result_ignored', result.stepId, {
        ...summary,
        reason: `step is ${record.status}, run is ${unit.run.status}`,
      });
      return;
    }
    unit.clearTimers(result.stepId);
    if (result.outcome === 'succeeded') {
      unit.updateStep(result.stepId, {
        status: 'succeeded',
        output: result.output ?? null,
        error: null,
        finishedAt: new Date(),
      });
      unit.record('step.succeeded', result.stepId, { ...summary, durationMs: result.durationMs });
    } else {
      const error = result.error ?? {
        code: 'UNKNOWN',
        message: 'agent reported failure without an error',
        retryable: true,
      };
      await this.engine.failAttempt(unit, result.stepId, error, causationId);
    }
    if (unit.run.status === 'running') await this.engine.advance(unit, causationId);
  }
}
