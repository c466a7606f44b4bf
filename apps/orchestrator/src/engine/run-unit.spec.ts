import { runUnit, step } from '../../../../test/factories/run-unit.factory';

/** What a handler changed is exactly what the writer flushes: dirty flags, timers, history. */
describe('RunUnit', () => {
  it('starts clean: a loaded run that nothing changed writes nothing', () => {
    const unit = runUnit([step('a')]);
    expect(unit.runDirty).toBe(false);
    expect(unit.dirtySteps.size).toBe(0);
    expect(unit.clearedTimers.size).toBe(0);
  });

  it('marks a changed step dirty', () => {
    const unit = runUnit([step('a'), step('b')]);
    unit.updateStep('b', { status: 'dispatched', attempt: 1 });
    expect([...unit.dirtySteps]).toEqual(['b']);
    expect(unit.step('b')).toMatchObject({ status: 'dispatched', attempt: 1 });
  });

  it('marks a changed run dirty and moves its updatedAt forward', () => {
    const unit = runUnit([step('a')], {}, { updatedAt: new Date('2026-01-01T00:00:00Z') });
    unit.updateRun({ status: 'succeeded' });
    expect(unit.runDirty).toBe(true);
    expect(unit.run.status).toBe('succeeded');
    expect(unit.run.updatedAt.getTime()).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('fails a step: failed, finished, its error kept and its timers cleared', () => {
    const unit = runUnit([step('a')], { a: { status: 'dispatched', attempt: 1 } });
    const error = { code: 'BOOM', message: 'no', retryable: false };
    unit.fail('a', error);
    expect(unit.step('a')).toMatchObject({ status: 'failed', error });
    expect(unit.step('a').finishedAt).toBeInstanceOf(Date);
    expect([...unit.clearedTimers]).toEqual(['a']);
    expect([...unit.dirtySteps]).toEqual(['a']);
  });

  it('refuses a step the run does not have, naming both', () => {
    const unit = runUnit([step('a')]);
    expect(() => unit.step('zzz')).toThrow(`run ${unit.run.id} has no step zzz`);
  });
});
