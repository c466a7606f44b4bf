import type { RunWriter } from './run-writer';
import type { TransactionRunner, Tx } from '@ensemble/persistence';
import {
  dispatchedSteps,
  engineFixture,
  eventTypes,
  runUnit,
  step,
} from '../../../../test/factories/run-unit.factory';
import { LockedRuns } from './locked-runs';
import type { RunLoader } from './run-loader';
import type { RunUnit } from './run-unit';
import type { DueTimer, RunsRepository } from './runs.repository';
import { TimersService } from './timers.service';

/** Fires timers against one in-memory unit; `claimed` false plays a timer another replica fired. */
function timersFor(
  unit: RunUnit | undefined,
  claimed = true,
  dueTimers: () => Promise<DueTimer[]> = () => Promise.resolve([]),
): { timers: TimersService; flushed: RunUnit[][] } {
  const flushed: RunUnit[][] = [];
  const tx = {} as Tx;
  const transactions = { run: <T>(work: (t: Tx) => Promise<T>) => work(tx) } as unknown as TransactionRunner;
  const loader = { lock: () => Promise.resolve(unit) } as unknown as RunLoader;
  const runs = { claimTimer: () => Promise.resolve(claimed), dueTimers } as unknown as RunsRepository;
  const writer = {
    flush: (_: Tx, units: RunUnit[]) => {
      flushed.push(units);
      return Promise.resolve();
    },
  } as unknown as RunWriter;
  const locked = new LockedRuns(transactions, loader, writer);
  const timers = new TimersService(locked, runs, engineFixture().engine);
  return { timers, flushed };
}

const retryPolicy = { maxAttempts: 3, backoff: 'fixed' as const, initialDelayMs: 1000, jitter: false };
const due = (kind: DueTimer['kind'], attempt = 1): DueTimer => ({
  id: 'timer-1',
  runId: 'run',
  stepId: 'a',
  kind,
  attempt,
});

describe('TimersService.fire', () => {
  it('dispatches the next attempt when a retry timer fires on a running run', async () => {
    const unit = runUnit([step('a', { retry: retryPolicy })], {
      a: { status: 'retry_scheduled', attempt: 1, input: { keep: 1 } },
    });
    const { timers, flushed } = timersFor(unit);

    await timers.fire(due('retry'));

    expect(dispatchedSteps(unit)).toEqual(['a']);
    expect(unit.step('a')).toMatchObject({ status: 'dispatched', attempt: 2, input: { keep: 1 } });
    expect(flushed).toEqual([[unit]]);
  });

  it('dispatches nothing when a retry timer fires while the run is paused, and leaves the step pending', async () => {
    const unit = runUnit(
      [step('a', { retry: retryPolicy })],
      { a: { status: 'retry_scheduled', attempt: 1 } },
      { status: 'paused' },
    );
    const { timers } = timersFor(unit);

    await timers.fire(due('retry'));

    expect(unit.messages).toEqual([]);
    expect(unit.step('a')).toMatchObject({ status: 'pending', attempt: 1 });
    expect(unit.run.status).toBe('paused');
  });

  it('schedules a retry but dispatches nothing when a timeout fires while the run is paused', async () => {
    const unit = runUnit(
      [step('a', { retry: retryPolicy, timeoutMs: 50 }), step('b')],
      { a: { status: 'dispatched', attempt: 1 } },
      { status: 'paused' },
    );
    const { timers } = timersFor(unit);

    await timers.fire(due('timeout'));

    expect(eventTypes(unit)).toEqual(['step.timed_out', 'step.retry_scheduled']);
    expect(unit.step('a').status).toBe('retry_scheduled');
    expect(unit.messages).toEqual([]);
    expect(unit.step('b').status).toBe('pending');
  });

  it('fails the attempt with STEP_TIMEOUT when a timeout fires on a dispatched step', async () => {
    const unit = runUnit([step('a', { retry: { maxAttempts: 1 }, timeoutMs: 50 })], {
      a: { status: 'dispatched', attempt: 1 },
    });
    const { timers } = timersFor(unit);

    await timers.fire(due('timeout'));

    expect(unit.step('a')).toMatchObject({
      status: 'failed',
      error: { code: 'STEP_TIMEOUT', retryable: true },
    });
    expect(unit.step('a').error?.message).toBe('no result within 50 ms');
    expect(unit.run.status).toBe('failed');
  });

  it('advances a running run after a timeout lets a continue step fail', async () => {
    const unit = runUnit(
      [
        step('a', { retry: { maxAttempts: 1 }, timeoutMs: 50, onFailure: 'continue' }),
        step('b', { dependsOn: ['a'] }),
      ],
      { a: { status: 'dispatched', attempt: 1 } },
    );
    const { timers } = timersFor(unit);

    await timers.fire(due('timeout'));

    expect(dispatchedSteps(unit)).toEqual(['b']);
  });

  it.each([
    ['a timer of an older attempt', due('timeout', 1), { status: 'dispatched' as const, attempt: 2 }],
    [
      'a timeout of a step that already succeeded',
      due('timeout'),
      { status: 'succeeded' as const, attempt: 1 },
    ],
    ['a retry of a step no longer waiting', due('retry'), { status: 'dispatched' as const, attempt: 1 }],
  ])('changes nothing for %s', async (_, timer, record) => {
    const unit = runUnit([step('a', { retry: retryPolicy }), step('b')], {
      a: record,
      b: { status: 'dispatched', attempt: 1 },
    });
    const { timers } = timersFor(unit);

    await timers.fire(timer);

    expect(unit.events).toEqual([]);
    expect(unit.messages).toEqual([]);
    expect(unit.step('a').status).toBe(record.status);
  });

  it('does nothing with a timer another replica already fired', async () => {
    const unit = runUnit([step('a', { retry: retryPolicy })], {
      a: { status: 'retry_scheduled', attempt: 1 },
    });
    const { timers, flushed } = timersFor(unit, false);

    await timers.fire(due('retry'));

    expect(unit.messages).toEqual([]);
    expect(flushed).toEqual([]);
  });

  it('does nothing for a run that no longer exists', async () => {
    const { timers, flushed } = timersFor(undefined);

    await timers.fire(due('retry'));

    expect(flushed).toEqual([]);
  });
});

describe('TimersService polling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const waiting = () =>
    runUnit([step('a', { retry: retryPolicy })], { a: { status: 'retry_scheduled', attempt: 1 } });

  it('fires the due timers every 200 ms until shut down', async () => {
    const unit = waiting();
    const dueTimers = jest
      .fn<Promise<DueTimer[]>, []>()
      .mockResolvedValueOnce([due('retry')])
      .mockResolvedValue([]);
    const { timers, flushed } = timersFor(unit, true, dueTimers);

    timers.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(199);
    expect(dueTimers).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(dueTimers).toHaveBeenCalledWith(100);
    expect(flushed).toEqual([[unit]]);
    await jest.advanceTimersByTimeAsync(400);
    expect(dueTimers).toHaveBeenCalledTimes(3);

    await timers.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(1000);
    expect(dueTimers).toHaveBeenCalledTimes(3);
  });

  it('keeps polling after a poll fails', async () => {
    const dueTimers = jest
      .fn<Promise<DueTimer[]>, []>()
      .mockRejectedValueOnce(new Error('database restarting'))
      .mockResolvedValue([due('retry')]);
    const unit = waiting();
    const { timers, flushed } = timersFor(unit, true, dueTimers);

    timers.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(400);
    await timers.onApplicationShutdown();

    expect(dueTimers).toHaveBeenCalledTimes(2);
    expect(flushed).toEqual([[unit]]);
  });

  it('shuts down cleanly without having started', async () => {
    await expect(timersFor(undefined).timers.onApplicationShutdown()).resolves.toBeUndefined();
  });
});
