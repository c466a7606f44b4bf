import { announcedState, healthAt, heardAt, sweepCutoffs, type HealthThresholds } from './agent-health';

const thresholds: HealthThresholds = { unhealthyAfterMs: 15_000, offlineAfterMs: 60_000 };
const now = new Date('2025-11-21T12:00:00.000Z');
const secondsAgo = (s: number): Date => new Date(now.getTime() - s * 1000);

describe('healthAt', () => {
  it('keeps an agent heard from within 15 s healthy', () => {
    expect(healthAt(now, secondsAgo(14.999), 'healthy', thresholds)).toBe('healthy');
  });

  it('keeps a recently heard draining agent draining', () => {
    expect(healthAt(now, secondsAgo(5), 'draining', thresholds)).toBe('draining');
  });

  it('marks an agent unhealthy once it has been silent for 15 s', () => {
    expect(healthAt(now, secondsAgo(15), 'healthy', thresholds)).toBe('unhealthy');
    expect(healthAt(now, secondsAgo(59.999), 'draining', thresholds)).toBe('unhealthy');
  });

  it('marks an agent offline once it has been silent for 60 s', () => {
    expect(healthAt(now, secondsAgo(60), 'healthy', thresholds)).toBe('offline');
    expect(healthAt(now, secondsAgo(3600), 'draining', thresholds)).toBe('offline');
  });

  it('marks a deregistered agent offline however recent its last message', () => {
    expect(healthAt(now, now, 'offline', thresholds)).toBe('offline');
  });
});

describe('announcedState', () => {
  it('reads draining as draining and anything else as healthy', () => {
    expect(announcedState('draining')).toBe('draining');
    expect(announcedState('healthy')).toBe('healthy');
    expect(announcedState(undefined)).toBe('healthy');
  });
});

describe('sweepCutoffs', () => {
  it('puts each cutoff exactly where healthAt changes its answer', () => {
    const cutoffs = sweepCutoffs(now, thresholds);
    expect(healthAt(now, cutoffs.unhealthyAtOrBefore, 'healthy', thresholds)).toBe('unhealthy');
    expect(healthAt(now, new Date(cutoffs.unhealthyAtOrBefore.getTime() + 1), 'healthy', thresholds)).toBe(
      'healthy',
    );
    expect(healthAt(now, cutoffs.offlineAtOrBefore, 'healthy', thresholds)).toBe('offline');
    expect(healthAt(now, new Date(cutoffs.offlineAtOrBefore.getTime() + 1), 'healthy', thresholds)).toBe(
      'unhealthy',
    );
  });
});

describe('heardAt', () => {
  it('uses the time the agent sent the announcement', () => {
    expect(heardAt('2025-11-21T11:59:50.000Z', now)).toEqual(secondsAgo(10));
  });

  it('never places an announcement in the future of the registry clock', () => {
    expect(heardAt('2025-11-21T12:05:00.000Z', now)).toEqual(now);
  });
});
