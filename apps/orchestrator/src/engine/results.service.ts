import { Injectable, Logger } from '@nestjs/common';
import type { Envelope, StepResultPayload } from '@ensemble/contracts';
import { Inbox, TransactionRunner } from '@ensemble/persistence';
import { CompensationService } from './compensation.service';
import { EngineService } from './engine.service';
import { RunLoader } from './run-loader';
import { RunsRepository } from './runs.repository';
import type { RunUnit } from './run-unit';

export const ORCHESTRATOR_CONSUMER = 'orchestrator';

/** Applies agents' results. Exactly once per result message (inbox); stale or late results change nothing. */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly inbox: Inbox,
    private readonly loader: RunLoader,
    private readonly runs: RunsRepository,
    private readonly engine: EngineService,
    private readonly compensation: CompensationService,
  ) {}

  async apply(envelope: Envelope<StepResultPayload>): Promise<void> {
    const result = envelope.payload;
    await this.transactions.run(async (tx) => {
      if (!(await this.inbox.claim(tx, envelope.id, ORCHESTRATOR_CONSUMER))) {
        this.logger.log(`result ${envelope.id} already applied; ignoring the duplicate`);
        return;
      }
      const unit = await this.loader.lock(tx, result.runId);
      if (!unit) {
        this.logger.warn(`result for unknown run ${result.runId}`);
        return;
      }
      await this.applyTo(unit, result, envelope.id);
      await this.runs.flush(tx, unit);
      if (unit.runDirty)
        this.logger.log({ runId: unit.run.id, status: unit.run.status }, `run ${unit.run.status}`);
    });
  }

  private async applyTo(unit: RunUnit, result: StepResultPayload, causationId: string): Promise<void> {
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
