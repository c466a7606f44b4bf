import { Injectable } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import { WorkflowsRepository } from '../workflows/workflows.repository';
import { RunsRepository } from './runs.repository';
import { RunUnit } from './run-unit';

/** Loads a run under its row lock together with its steps and (cached) definition. */
@Injectable()
export class RunLoader {
  constructor(
    private readonly runs: RunsRepository,
    private readonly workflows: WorkflowsRepository,
  ) {}

  async lock(tx: Tx, runId: string, tenantId?: string): Promise<RunUnit | undefined> {
    const run = await this.runs.lockRun(tx, runId);
    if (!run || (tenantId !== undefined && run.tenantId !== tenantId)) return undefined;
    const workflow = await this.workflows.findById(run.definitionId, tx);
    if (!workflow) throw new DomainError('INTERNAL', `run ${runId} references a missing definition`);
    const steps = await this.runs.steps(runId, tx);
    return new RunUnit(run, workflow.definition, new Map(steps.map((s) => [s.stepId, s])));
  }

  async lockOrThrow(tx: Tx, runId: string, tenantId: string): Promise<RunUnit> {
    const unit = await this.lock(tx, runId, tenantId);
    if (!unit) throw new DomainError('NOT_FOUND', `run ${runId} not found`);
    return unit;
  }
}
