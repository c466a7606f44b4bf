import { Injectable } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import { RunDefinitions } from './run-definitions';
import { RunsRepository } from './runs.repository';
import { RunUnit } from './run-unit';

/** Loads a run under its row lock together with its steps and (cached) definition. */
@Injectable()
export class RunLoader {
  constructor(
    private readonly runs: RunsRepository,
    private readonly workflows: RunDefinitions,
  ) {}

  async lock(tx: Tx, runId: string, tenantId?: string): Promise<RunUnit | undefined> {
    const run = await this.runs.lockRun(tx, runId);
    if (!run || (tenantId !== undefined && run.tenantId !== tenantId)) return undefined;
    const workflow = await this.workflows.findById(run.definitionId, tx);
    if (!workflow) throw new DomainError('INTERNAL', `run ${runId} references a missing definition`);
    const steps = await this.runs.steps(runId, tx);
    return new RunUnit(run, workflow.definition, new Map(steps.map((s) => [s.stepId, s])));
  }

  /** Locks several runs in id order (so concurrent batches cannot deadlock) with one query each for runs and steps. */
  async lockMany(tx: Tx, runIds: string[]): Promise<Map<string, RunUnit>> {
    const units = new Map<string, RunUnit>();
    if (runIds.length === 0) return units;
    const [runs, steps] = [await this.runs.lockRuns(tx, runIds), await this.runs.stepsOf(tx, runIds)];
    for (const run of runs) {
      const workflow = await this.workflows.findById(run.definitionId, tx);
      if (!workflow) throw new DomainError('INTERNAL', `run ${run.id} references a missing definition`);
      const own = steps.get(run.id) ?? [];
      units.set(run.id, new RunUnit(run, workflow.definition, new Map(own.map((s) => [s.stepId, s]))));
    }
    return units;
  }
}
