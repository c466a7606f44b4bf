import type { ResourceStatus } from '@ensemble/contracts';

export type LifecycleTarget = Extract<ResourceStatus, 'active' | 'archived'>;

/**
 * draft → active → archived, and a draft may be archived unused. Archived is final: bringing an
 * old body back means creating a new version, so every version number keeps one meaning.
 */
export function lifecycleStep(
  from: ResourceStatus,
  to: LifecycleTarget,
): 'apply' | 'unchanged' | 'forbidden' {
  if (from === to) return 'unchanged';
  return from === 'archived' ? 'forbidden' : 'apply';
}
