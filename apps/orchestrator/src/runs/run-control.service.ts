import { Injectable } from '@nestjs/common';
import { DomainError, type RunControlAction, type RunView } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import { Dispatcher } from '../engine/dispatcher';
import { EngineService } from '../engine/engine.service';
import { LockedRuns } from '../engine/locked-runs';
import type { StepRecord } from '../engine/run-state';
import type { RunUnit } from '../engine/run-unit';
import { WorkflowsRepository } from '../workflows/workflows.repository';
import { newRun, RunsService } from './runs.service';

/** Cancel, pause, resume and retry-from-failed. A terminal run never changes state again. */
@Injectable()
export class RunControlService {
  constructor(
    private readonly locked: LockedRuns,
    private readonly runsService: RunsService,
    private readonly workflows: WorkflowsRepository,
    private readonly engine: EngineService,
    private readonly dispatcher: Dispatcher,
  ) {}

  async control(tenantId: string, runId: string, action: RunControlAction, reason: string): Promise<RunView> {
    const targetId = await this.locked.withLockedRun(
      runId,
      (unit, tx) => this.apply(unit, action, reason, tx),
      tenantId,
    );
    if (targetId === undefined) throw new DomainError('NOT_FOUND', `run ${runId} not found`);
    return this.runsService.get(tenantId, targetId);
  }

  private async apply(unit: RunUnit, action: RunControlAction, reason: string, tx: Tx): Promise<string> {
    const { run } = unit;
    switch (action) {
      case 'cancel':
        this.require(unit, ['running', 'paused', 'compensating'], action);
        this.dispatcher.stopOpenSteps(unit, reason);
        unit.updateRun({
          status: 'cancelled',
          error: { code: 'CANCELLED', message: reason, retryable: false },
        });
        unit.record('run.cancelled', null, { reason });
        return run.id;
      case 'pause':
        this.require(unit, ['running'], action);
        unit.updateRun({ status: 'paused' });
        unit.record('run.paused', null, { reason });
        return run.id;
      case 'resume':
        this.require(unit, ['paused'], action);
        unit.updateRun({ status: 'running' });
        unit.record('run.resumed', null, { reason });
        await this.engine.advance(unit, run.id);
        return run.id;
      case 'retry':
        return this.retryFromFailed(unit, reason, tx);
    }
  }

  /** A new run of the same version that keeps the failed run's successful outputs. */
  private async retryFromFailed(unit: RunUnit, reason: string, tx: Tx): Promise<string> {
    this.require(unit, ['failed'], 'retry');
    const workflow = await this.workflows.findById(unit.run.definitionId, tx);
    if (!workflow) throw new DomainError('INTERNAL', 'definition missing');
    const carried = carriedOver(unit.steps);
    const retry = newRun(
      unit.run.tenantId,
      workflow,
      unit.run.input,
      null,
      unit.run.correlationId,
      unit.run.id,
    );
    if (!(await this.runsService.insert(tx, retry, workflow, carried)))
      throw new DomainError('INTERNAL', `the retry of run ${unit.run.id} was not created`);
    unit.record('run.retried', null, { newRunId: retry.id, reason, kept: [...carried.keys()] });
    return retry.id;
  }

  private require(unit: RunUnit, allowed: string[], action: RunControlAction): void {
    if (!allowed.includes(unit.run.status)) {
      throw new DomainError('INVALID_STATE', `cannot ${action} a run that is ${unit.run.status}`, {
        status: unit.run.status,
      });
    }
  }
}

/** The steps a retry-from-failed keeps: those that succeeded or were skipped, copied as they ended. */
export function carriedOver(steps: ReadonlyMap<string, StepRecord>): Map<string, StepRecord> {
  const carried = new Map<string, StepRecord>();
  for (const [id, record] of steps) {
    if (record.status === 'succeeded' || record.status === 'skipped') carried.set(id, { ...record });
  }
  return carried;
}
