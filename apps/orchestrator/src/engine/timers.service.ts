import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EngineService } from './engine.service';
import { LockedRuns } from './locked-runs';
import { RunsRepository, type DueTimer } from './runs.repository';

const POLL_MS = 200;
const BATCH = 100;

/**
 * Durable timers (retry backoff, step timeouts) live in Postgres, so they fire after a restart.
 * Each timer is claimed after its run is locked (the same lock order as result handling), and
 * deleted in the transaction that acts on it: with several replicas exactly one fires it.
 */
@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimersService.name);
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly locked: LockedRuns,
    private readonly runs: RunsRepository,
    private readonly engine: EngineService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => {
        this.polling = undefined;
      });
    }, POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
  }

  private async poll(): Promise<void> {
    try {
      for (const due of await this.runs.dueTimers(BATCH)) await this.fire(due);
    } catch (error) {
      this.logger.warn(`timer poll failed: ${(error as Error).message}`);
    }
  }

  async fire(due: DueTimer): Promise<void> {
    await this.locked.withLockedRun(due.runId, async (unit, tx) => {
      if (!(await this.runs.claimTimer(tx, due.id))) return;
      const record = unit.steps.get(due.stepId);
      const step = unit.byId.get(due.stepId);
      if (!record || !step || record.attempt !== due.attempt) return;
      if (due.kind === 'timeout' && record.status === 'dispatched') {
        unit.record('step.timed_out', due.stepId, { attempt: due.attempt });
        const error = {
          code: 'STEP_TIMEOUT',
          message: `no result within ${step.timeoutMs ?? 0} ms`,
          retryable: true,
        };
        await this.engine.failAttempt(unit, due.stepId, error, due.id);
      } else if (due.kind === 'retry' && record.status === 'retry_scheduled') {
        if (unit.run.status === 'running') this.engine.dispatch(unit, step, record.input, due.id);
        else unit.updateStep(due.stepId, { status: 'pending' });
      }
      if (unit.run.status === 'running') await this.engine.advance(unit, due.id);
    });
  }
}
