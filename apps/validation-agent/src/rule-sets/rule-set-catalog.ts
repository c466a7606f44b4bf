import { Injectable } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { LruCache } from '@ensemble/caching';
import type { CompiledRule } from '../rules/rule-types';
import { parseRuleSetBody } from './rule-set-body';
import { RuleSetsRepository } from './rule-sets.repository';

export interface ResolvedRuleSet {
  name: string;
  version: number;
  rules: readonly CompiledRule[];
}

const COMPILED_CAPACITY = 1000;

/**
 * Rule sets ready to evaluate. A version's body never changes, so its compiled rules are cached
 * by (tenant, name, version) and a task on a warm version costs one indexed lookup, or none when
 * the version is pinned.
 */
@Injectable()
export class RuleSetCatalog {
  private readonly compiled = new LruCache<string, readonly CompiledRule[]>(COMPILED_CAPACITY);

  constructor(private readonly repository: RuleSetsRepository) {}

  /** The pinned version (whatever its status) or else the active one; undefined when there is none. */
  async resolve(tenantId: string, name: string, version?: number): Promise<ResolvedRuleSet | undefined> {
    const resolved = version ?? (await this.repository.activeVersion(tenantId, name));
    if (resolved === undefined) return undefined;
    const key = JSON.stringify([tenantId, name, resolved]);
    const cached = this.compiled.get(key);
    if (cached) return { name, version: resolved, rules: cached };
    const record = await this.repository.find(tenantId, name, resolved);
    if (!record) return undefined;
    const parsed = parseRuleSetBody(record.body);
    if (!parsed.ok) {
      throw new DomainError(
        'INVALID_STATE',
        `stored rule set "${name}" version ${resolved} no longer parses`,
        parsed.problems,
      );
    }
    this.compiled.set(key, parsed.rules);
    return { name, version: resolved, rules: parsed.rules };
  }
}
