import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrincipalNames, type Envelope, type StepResultPayload } from '@ensemble/contracts';
import { MESSAGING_SETTINGS, type MessagingSettings } from '@ensemble/messaging';
import { Inbox, MicroBatcher, TransactionRunner } from '@ensemble/persistence';
import { refusalOf, type AgentGrant } from '../principals/entitlement';
import { PrincipalsRepository } from '../principals/principals.repository';
import { CompensationService } from './compensation.service';
import { EngineService } from './engine.service';
import { RunLoader } from './run-loader';
import { RunWriter } from './run-writer';
import type { RunUnit } from './run-unit';

export const ORCHESTRATOR_CONSUMER = 'orchestrator';

/** A result and the broker user that published it. */
interface Delivered {
  envelope: Envelope<StepResultPayload>;
  sender: string | undefined;
}

/**
 * Applies agents' results. Exactly once per result message (inbox); stale or late results change
 * nothing; a result from a principal not entitled to the step's capability in the run's tenant is
 * recorded as `step.result_rejected` and changes nothing. Results delivered together are applied
 * in one transaction (see MicroBatcher).
 */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);
  private readonly batcher = new MicroBatcher<Delivered, boolean>((batch) => this.applyBatch(batch));
  private readonly principals: PrincipalNames;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly inbox: Inbox,
    private readonly loader: RunLoader,
    private readonly writer: RunWriter,
    private readonly engine: EngineService,
    private readonly compensation: CompensationService,
    private readonly grants: PrincipalsRepository,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.principals = settings.principals;
  }

  async apply(envelope: Envelope<StepResultPayload>, sender: string | undefined): Promise<void> {
    await this.batcher.submit({ envelope, sender });
  }

  private async applyBatch(batch: Delivered[]): Promise<boolean[]> {
    await this.transactions.run(async (tx) => {
      const claimed = await this.inbox.claimMany(
        tx,
        batch.map((d) => d.envelope.id),
        ORCHESTRATOR_CONSUMER,
      );
      const fresh = batch.filter((d) => claimed.delete(d.envelope.id));
      if (fresh.length < batch.length)
        this.logger.log(`${batch.length - fresh.length} duplicate result(s) ignored`);
      const runIds = [...new Set(fresh.map((d) => d.envelope.payload.runId))].sort();
      const units = await this.loader.lockMany(tx, runIds);
      const senders = [...new Set(fresh.map((d) => d.sender ?? ''))].filter((u) =>
        this.principals.isAgentPrincipal(u),
      );
      const grants = await this.grants.grantsOf(tx, senders);
      for (const { envelope, sender } of fresh) {
        const unit = units.get(envelope.payload.runId);
        if (!unit) this.logger.warn(`result for unknown run ${envelope.payload.runId}`);
        else if (this.admits(unit, envelope.payload, sender, grants))
          await this.applyTo(unit, envelope.payload, envelope.id);
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

  /** False (and the rejection recorded in the run's history) when the sender may not report this step. */
  private admits(
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
    const reason = refusalOf({ sender, tenantId: unit.run.tenantId, capability }, this.principals, grants);
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
