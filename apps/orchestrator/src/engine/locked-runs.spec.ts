import type { Envelope } from '@ensemble/contracts';
import { lockedRunsFixture } from '../../../../test/factories/locked-runs.factory';
import { runUnit, step } from '../../../../test/factories/run-unit.factory';
import type { RunUnit } from './run-unit';

describe('LockedRuns', () => {
  it('hands the locked run and the transaction to the work and flushes what it changed', async () => {
    const unit = runUnit([step('a')]);
    const { locked, flushed, tx } = lockedRunsFixture([unit]);

    const answer = await locked.withLockedRun(unit.run.id, (u, t) => {
      expect([u, t]).toEqual([unit, tx]);
      u.record('run.touched');
      return Promise.resolve('done');
    });

    expect(answer).toBe('done');
    expect(flushed).toEqual([[unit]]);
  });

  it('writes nothing when the work changed nothing', async () => {
    const unit = runUnit([step('a')]);
    const { locked, flushed } = lockedRunsFixture([unit]);

    await locked.withLockedRun(unit.run.id, () => Promise.resolve());

    expect(flushed).toEqual([]);
  });

  it('does not call the work for a missing run or a run of another tenant', async () => {
    const unit = runUnit([step('a')]);
    const { locked } = lockedRunsFixture([unit]);
    const work = jest.fn(() => Promise.resolve('called'));

    expect(await locked.withLockedRun('missing', work)).toBeUndefined();
    expect(await locked.withLockedRun(unit.run.id, work, 'globex')).toBeUndefined();
    expect(work).not.toHaveBeenCalled();
    expect(await locked.withLockedRun(unit.run.id, work, 'acme')).toBe('called');
  });

  it('does not flush when the work throws', async () => {
    const unit = runUnit([step('a')]);
    const { locked, flushed } = lockedRunsFixture([unit]);

    await expect(
      locked.withLockedRun(unit.run.id, (u) => {
        u.record('run.touched');
        return Promise.reject(new Error('refused'));
      }),
    ).rejects.toThrow('refused');
    expect(flushed).toEqual([]);
  });

  it('flushes, in one write, the changed runs among those a batch locked', async () => {
    const [a, b, c] = [runUnit([step('a')]), runUnit([step('a')]), runUnit([step('a')])];
    const { locked, flushed } = lockedRunsFixture([a, b, c]);

    const seen = await locked.withLockedRuns(async (_, lock) => {
      const units = await lock([a.run.id, b.run.id, 'missing']);
      a.updateRun({ status: 'paused' });
      b.clearTimers('a');
      return [...units.keys()];
    });

    expect(seen).toEqual([a.run.id, b.run.id]);
    expect(flushed).toEqual([[a, b]]);
  });
});

describe('RunUnit.changed', () => {
  it.each([
    [
      'the run',
      (u: RunUnit) => {
        u.updateRun({ status: 'paused' });
      },
    ],
    [
      'a step',
      (u: RunUnit) => {
        u.updateStep('a', { status: 'skipped' });
      },
    ],
    [
      'the history',
      (u: RunUnit) => {
        u.record('x');
      },
    ],
    ['the timers scheduled', (u: RunUnit) => u.schedule('a', 'retry', 1, 10)],
    [
      'the timers cleared',
      (u: RunUnit) => {
        u.clearTimers('a');
      },
    ],
    [
      'the messages',
      (u: RunUnit) => {
        u.send({ exchange: '', routingKey: 'q', envelope: { id: 'm' } as Envelope });
      },
    ],
  ])('is true once %s changed', (_, change) => {
    const unit = runUnit([step('a')]);
    expect(unit.changed).toBe(false);
    change(unit);
    expect(unit.changed).toBe(true);
  });
});
