import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Envelope, PrincipalNames, StepResultPayload } from '@ensemble/contracts';
import { MESSAGING_SETTINGS, type MessagingSettings } from '@ensemble/messaging';
import { Inbox, MicroBatcher } from '@ensemble/persistence';
import { PrincipalsRepository } from '../principals/principals.repository';
import { LockedRuns } from './locked-runs';
import { ResultApplier } from './result-applier';

export const ORCHESTRATOR_CONSUMER = 'orchestrator';

/** A result and the broker user that published it. */
export interface Delivered {
  envelope: Envelope<StepResultPayload>;
  sender: string | undefined;
}

/**
 * Applies agents' results. Exactly once per result message (inbox); stale or late results change
 * nothing; a result from a principal not entitled to the step's capability in the run's tenant is
 * recorded as `step.result_rejected` and changes nothing (see ResultApplier). Results delivered
 * together are applied in one transaction (see MicroBatcher).
 */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);
  private readonly batcher = new MicroBatcher<Delivered, boolean>((batch) => this.applyBatch(batch));
  private readonly principals: PrincipalNames;

  constructor(
    private readonly locked: LockedRuns,
    private readonly inbox: Inbox,
    private readonly applier: ResultApplier,
    private readonly grants: PrincipalsRepository,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.principals = settings.principals;
  }

  async apply(envelope: Envelope<StepResultPayload>, sender: string | undefined): Promise<void> {
    await this.batcher.submit({ envelope, sender });
  }

  private async applyBatch(batch: Delivered[]): Promise<boolean[]> {
    await this.locked.withLockedRuns(async (tx, lock) => {
      const claimed = await this.inbox.claimMany(
        tx,
        batch.map((d) => d.envelope.id),
        ORCHESTRATOR_CONSUMER,
      );
      const fresh = batch.filter((d) => claimed.delete(d.envelope.id));
      if (fresh.length < batch.length)
        this.logger.log(`${batch.length - fresh.length} duplicate result(s) ignored`);
      const units = await lock([...new Set(fresh.map((d) => d.envelope.payload.runId))].sort());
      const senders = [...new Set(fresh.map((d) => d.sender ?? ''))].filter((u) =>
        this.principals.isAgentPrincipal(u),
      );
      const grants = await this.grants.grantsOf(tx, senders);
      for (const { envelope, sender } of fresh) {
        const unit = units.get(envelope.payload.runId);
        if (!unit) this.logger.warn(`result for unknown run ${envelope.payload.runId}`);
        else if (this.applier.admits(unit, envelope.payload, sender, grants))
          await this.applier.apply(unit, envelope.payload, envelope.id);
      }
    });
    return batch.map(() => true);
  }
}
