import { Injectable, Logger } from '@nestjs/common';
import type { Envelope, StepResultPayload } from '@ensemble/contracts';
import { Inbox, MicroBatcher, TransactionRunner } from '@ensemble/persistence';
import { CompensationService } from './compensation.service';
import { EngineService } from './engine.service';
import { RunLoader } from './run-loader';
import { RunWriter } from './run-writer';
import type { RunUnit } from './run-unit';

export const ORCHESTRATOR_CONSUMER = 'orchestrator';

/**
 * Applies agents' results. Exactly once per result message (inbox); stale or late results change
 * nothing. Results delivered together are applied in one transaction (see MicroBatcher).
 */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);
  private readonly batcher = new MicroBatcher<Envelope<StepResultPayload>, boolean>((batch) =>
    this.applyBatch(batch),
  );

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly inbox: Inbox,
    private readonly loader: RunLoader,
    private readonly writer: RunWriter,
    private readonly engine: EngineService,
    private readonly compensation: CompensationService,
  ) {}

  async apply(envelope: Envelope<StepResultPayload>): Promise<void> {
    await this.batcher.submit(envelope);
  }

  private async applyBatch(batch: Envelope<StepResultPayload>[]): Promise<boolean[]> {
    await this.transactions.run(async (tx) => {
      const claimed = await this.inbox.claimMany(
        tx,
        batch.map((e) => e.id),
        ORCHESTRATOR_CONSUMER,
      );
      const fresh = batch.filter((e) => claimed.delete(e.id));
      if (fresh.length < batch.length)
        this.logger.log(`${batch.length - fresh.length} duplicate result(s) ignored`);
      const runIds = [...new Set(fresh.map((e) => e.payload.runId))].sort();
      const units = await this.loader.lockMany(tx, runIds);
      for (const envelope of fresh) {
        const unit = units.get(envelope.payload.runId);
        if (unit) await this.applyTo(unit, envelope.payload, envelope.id);
        else this.logger.warn(`result for unknown run ${envelope.payload.runId}`);
      }
      const changed = [...units.values()];
      await this.writer.flush(tx, changed);
      for (const unit of changed) {
        if (unit.runDirty)
          this.logger.log(
            { runId: unit.run.id, correlationId: unit.run.correlationId },
            `run ${unit.run.status}`,
          );
      }
    });
    return batch.map(() => true);
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
