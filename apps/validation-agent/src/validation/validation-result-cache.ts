import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { LruCache } from '@ensemble/caching';
import type { ValidationResult } from '../rules/rule-types';

export interface RuleSetVersionRef {
  tenantId: string;
  name: string;
  version: number;
}

/** Same tenant, rule set version and input (whatever its key order) → same key. */
export function resultCacheKey(ref: RuleSetVersionRef, input: unknown): string {
  return JSON.stringify([ref.tenantId, ref.name, ref.version, sha256Hex(canonicalJson(input))]);
}

/**
 * Results of stored rule set versions. A version never changes, so a result stays true for as
 * long as it is remembered; the bound only limits memory.
 */
export class ValidationResultCache {
  private readonly results: LruCache<string, ValidationResult>;

  constructor(capacity: number) {
    this.results = new LruCache(capacity);
  }

  remember(ref: RuleSetVersionRef, input: unknown, evaluate: () => ValidationResult): ValidationResult {
    const key = resultCacheKey(ref, input);
    const cached = this.results.get(key);
    if (cached) return cached;
    const result = evaluate();
    this.results.set(key, result);
    return result;
  }
}
