import type { AgentHealth } from '@ensemble/contracts';

export interface HealthThresholds {
  unhealthyAfterMs: number;
  offlineAfterMs: number;
}

/** What the agent last said about itself: running, draining, or gone (deregistered). */
export type AnnouncedState = 'healthy' | 'draining' | 'offline';

export function announcedState(status: string | undefined): AnnouncedState {
  return status === 'draining' ? 'draining' : 'healthy';
}

/**
 * Health of an agent at `now`: silence overrides what it announced, first as unhealthy, then
 * offline; a deregistered agent is offline at once.
 */
export function healthAt(
  now: Date,
  lastHeartbeatAt: Date,
  announced: AnnouncedState,
  thresholds: HealthThresholds,
): AgentHealth {
  if (announced === 'offline') return 'offline';
  const silentMs = now.getTime() - lastHeartbeatAt.getTime();
  if (silentMs >= thresholds.offlineAfterMs) return 'offline';
  if (silentMs >= thresholds.unhealthyAfterMs) return 'unhealthy';
  return announced;
}

export interface SweepCutoffs {
  /** Agents not heard from since this instant (inclusive) are at least unhealthy. */
  unhealthyAtOrBefore: Date;
  /** Agents not heard from since this instant (inclusive) are offline. */
  offlineAtOrBefore: Date;
}

/** The same rule as `healthAt`, as instants a single UPDATE can compare heartbeats against. */
export function sweepCutoffs(now: Date, thresholds: HealthThresholds): SweepCutoffs {
  return {
    unhealthyAtOrBefore: new Date(now.getTime() - thresholds.unhealthyAfterMs),
    offlineAtOrBefore: new Date(now.getTime() - thresholds.offlineAfterMs),
  };
}

/**
 * When an announcement counts as heard: its `occurredAt`, but never in the registry's future, so
 * an agent with a fast clock cannot stay healthy after it stops.
 */
export function heardAt(occurredAt: string, now: Date): Date {
  const at = new Date(occurredAt);
  return at.getTime() > now.getTime() ? now : at;
}
