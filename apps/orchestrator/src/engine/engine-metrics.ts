import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { BoundedLabel, MetricsService } from '@ensemble/observability';
import type { RunUnit } from './run-unit';

/** What a flush changed that the engine's metrics count, read from the units' history events. */
export type EngineObservation =
  | { kind: 'run_started'; workflow: string }
  | { kind: 'run_finished'; workflow: string; status: string; seconds: number }
  | { kind: 'attempt_finished'; capability: string; outcome: AttemptOutcome; seconds: number | null }
  | { kind: 'retry' | 'timeout'; capability: string }
  | { kind: 'compensation'; workflow: string };

export type AttemptOutcome = 'succeeded' | 'failed' | 'retried';

const RUN_ENDS: Partial<Record<string, string>> = {
  'run.succeeded': 'succeeded',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
};
const ATTEMPT_ENDS: Partial<Record<string, AttemptOutcome>> = {
  'step.succeeded': 'succeeded',
  'step.failed': 'failed',
  'step.retry_scheduled': 'retried',
};

/** The observations of the history events `units` recorded since they were loaded. */
export function observationsOf(units: readonly RunUnit[], now: Date): EngineObservation[] {
  const seconds = (since: Date | null): number | null =>
    since === null ? null : Math.max(0, (now.getTime() - since.getTime()) / 1000);
  return units.flatMap((unit) => {
    const workflow = unit.run.workflow;
    return unit.events.flatMap((event): EngineObservation[] => {
      const step = event.stepId === null ? undefined : unit.steps.get(event.stepId);
      const capability = step?.capability ?? 'unknown';
      if (event.type === 'run.started') return [{ kind: 'run_started', workflow }];
      if (event.type === 'run.compensating') return [{ kind: 'compensation', workflow }];
      const status = RUN_ENDS[event.type];
      if (status !== undefined)
        return [{ kind: 'run_finished', workflow, status, seconds: seconds(unit.run.createdAt) ?? 0 }];
      const outcome = ATTEMPT_ENDS[event.type];
      const attempt: EngineObservation[] =
        outcome === undefined
          ? []
          : [{ kind: 'attempt_finished', capability, outcome, seconds: seconds(step?.dispatchedAt ?? null) }];
      if (event.type === 'step.retry_scheduled') attempt.push({ kind: 'retry', capability });
      if (event.type === 'step.timed_out') attempt.push({ kind: 'timeout', capability });
      return attempt;
    });
  });
}

/** Seconds, from a few milliseconds (an idle step) to an hour (a long run). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** Runs and steps by outcome, as the orchestrator commits them. Labels are bounded (no run ids). */
@Injectable()
export class EngineMetrics {
  private readonly workflows = new BoundedLabel();
  private readonly capabilities = new BoundedLabel();
  readonly runsStarted: Counter<'workflow'>;
  readonly runsFinished: Counter<'workflow' | 'status'>;
  readonly runDuration: Histogram<'workflow' | 'status'>;
  readonly attemptDuration: Histogram<'capability' | 'outcome'>;
  readonly retries: Counter<'capability'>;
  readonly timeouts: Counter<'capability'>;
  readonly compensations: Counter<'workflow'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.runsStarted = new Counter({
      name: 'ensemble_runs_started_total',
      help: 'Runs started, by workflow',
      labelNames: ['workflow'],
      registers,
    });
    this.runsFinished = new Counter({
      name: 'ensemble_runs_finished_total',
      help: 'Runs that reached a final status, by workflow and status',
      labelNames: ['workflow', 'status'],
      registers,
    });
    this.runDuration = new Histogram({
      name: 'ensemble_run_duration_seconds',
      help: 'Run created to final status, by workflow and status',
      labelNames: ['workflow', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'ensemble_step_duration_seconds',
      help: 'A step attempt, dispatched to its result applied, by capability and outcome (retried: failed, another attempt follows)',
      labelNames: ['capability', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.retries = new Counter({
      name: 'ensemble_step_retries_total',
      help: 'Step attempts that failed and were scheduled again, by capability',
      labelNames: ['capability'],
      registers,
    });
    this.timeouts = new Counter({
      name: 'ensemble_step_timeouts_total',
      help: 'Step attempts that passed their timeout, by capability',
      labelNames: ['capability'],
      registers,
    });
    this.compensations = new Counter({
      name: 'ensemble_compensations_total',
      help: 'Runs that started compensating, by workflow',
      labelNames: ['workflow'],
      registers,
    });
  }

  record(observations: readonly EngineObservation[]): void {
    for (const o of observations) {
      switch (o.kind) {
        case 'run_started':
          this.runsStarted.inc({ workflow: this.workflows.of(o.workflow) });
          break;
        case 'run_finished': {
          const labels = { workflow: this.workflows.of(o.workflow), status: o.status };
          this.runsFinished.inc(labels);
          this.runDuration.observe(labels, o.seconds);
          break;
        }
        case 'attempt_finished':
          if (o.seconds !== null)
            this.attemptDuration.observe(
              { capability: this.capabilities.of(o.capability), outcome: o.outcome },
              o.seconds,
            );
          break;
        case 'retry':
          this.retries.inc({ capability: this.capabilities.of(o.capability) });
          break;
        case 'timeout':
          this.timeouts.inc({ capability: this.capabilities.of(o.capability) });
          break;
        case 'compensation':
          this.compensations.inc({ workflow: this.workflows.of(o.workflow) });
          break;
      }
    }
  }
}
