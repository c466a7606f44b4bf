import { MetricsService } from '@ensemble/observability';
import { runUnit, step } from '../../../../test/factories/run-unit.factory';
import { EngineMetrics, observationsOf } from './engine-metrics';

const now = new Date('2026-12-07T12:00:10.000Z');
const at = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

function unitWithHistory() {
  const unit = runUnit(
    [step('a'), step('b', { capability: 'decision' })],
    { a: { dispatchedAt: at(2) }, b: { dispatchedAt: at(0.5) } },
    { workflow: 'orders', createdAt: at(10) },
  );
  unit.record('run.started', null, {});
  unit.record('step.timed_out', 'a', {});
  unit.record('step.retry_scheduled', 'a', {});
  unit.record('step.succeeded', 'b', {});
  unit.record('step.result_ignored', 'b', {});
  unit.record('run.compensating', 'a', {});
  unit.record('run.failed', null, {});
  return unit;
}

describe('engine metrics', () => {
  it('reads runs and attempts from the history a flush writes', () => {
    expect(observationsOf([unitWithHistory()], now)).toEqual([
      { kind: 'run_started', workflow: 'orders' },
      { kind: 'timeout', capability: 'data' },
      { kind: 'attempt_finished', capability: 'data', outcome: 'retried', seconds: 2 },
      { kind: 'retry', capability: 'data' },
      { kind: 'attempt_finished', capability: 'decision', outcome: 'succeeded', seconds: 0.5 },
      { kind: 'compensation', workflow: 'orders' },
      { kind: 'run_finished', workflow: 'orders', status: 'failed', seconds: 10 },
    ]);
  });

  it('counts them with bounded labels', async () => {
    const metrics = new EngineMetrics(new MetricsService());
    metrics.record(observationsOf([unitWithHistory()], now));
    expect((await metrics.runsFinished.get()).values).toEqual([
      { labels: { workflow: 'orders', status: 'failed' }, value: 1 },
    ]);
    expect((await metrics.retries.get()).values).toEqual([{ labels: { capability: 'data' }, value: 1 }]);
    expect((await metrics.timeouts.get()).values).toEqual([{ labels: { capability: 'data' }, value: 1 }]);
    expect((await metrics.compensations.get()).values).toEqual([
      { labels: { workflow: 'orders' }, value: 1 },
    ]);
  });
});
