import { Injectable } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { TaskError, type AgentPlugin, type Task } from '@ensemble/plugin-contract';
import { sha256Hex } from '../common/canonical-json';
import { LruCache } from '@ensemble/caching';
import { RuleSetCatalog, type ResolvedRuleSet } from '../rule-sets/rule-set-catalog';
import { evaluateRules } from '../rules/rule-evaluator';
import { parseRules } from '../rules/rule-parser';
import type { CompiledRule, RuleProblem, ValidationResult } from '../rules/rule-types';
import { ValidationResultCache } from './validation-result-cache';
import { ruleSourceOf } from './validation-params';

const INLINE_RULES_CAPACITY = 500;

/**
 * Evaluates `task.input` against inline `params.rules` or a stored rule set (`params.ruleSet`,
 * optionally pinned by `params.version`) and returns which conditions failed.
 */
@Injectable()
export class ValidationPlugin implements AgentPlugin {
  static readonly CAPABILITIES = ['validation'] as const;
  readonly metadata = {
    name: 'validation-agent',
    version: '0.2.0',
    description: 'Evaluates JSON rules and versioned rule sets',
  };
  readonly capabilities = ValidationPlugin.CAPABILITIES;
  /** Compiled inline rules by the hash of their JSON: a workflow step sends the same rules every run. */
  private readonly inlineRules = new LruCache<string, readonly CompiledRule[]>(INLINE_RULES_CAPACITY);

  constructor(
    private readonly catalog: RuleSetCatalog,
    private readonly results: ValidationResultCache,
  ) {}

  async handle(task: Task): Promise<ValidationResult> {
    const source = ruleSourceOf(task.params);
    if (source.kind === 'inline') return evaluateRules(this.compileInline(source.rules), task.input);
    const ruleSet = await this.resolve(task.tenantId, source.name, source.version);
    const ref = { tenantId: task.tenantId, name: ruleSet.name, version: ruleSet.version };
    return this.results.remember(ref, task.input, () => ({
      ...evaluateRules(ruleSet.rules, task.input),
      ruleSet: { name: ruleSet.name, version: ruleSet.version },
    }));
  }

  private compileInline(raw: unknown): readonly CompiledRule[] {
    const key = sha256Hex(JSON.stringify(raw));
    const cached = this.inlineRules.get(key);
    if (cached) return cached;
    const parsed = parseRules(raw);
    if (!parsed.ok) throw invalidRules(parsed.problems);
    this.inlineRules.set(key, parsed.rules);
    return parsed.rules;
  }

  private async resolve(tenantId: string, name: string, version?: number): Promise<ResolvedRuleSet> {
    try {
      const ruleSet = await this.catalog.resolve(tenantId, name, version);
      if (ruleSet) return ruleSet;
    } catch (error) {
      if (error instanceof DomainError) throw invalidRules(error.details as RuleProblem[], error.message);
      throw error;
    }
    const which = version === undefined ? 'has no active version' : `has no version ${version}`;
    throw new TaskError('RULE_SET_NOT_FOUND', `rule set "${name}" ${which}`, { retryable: false });
  }
}

function invalidRules(problems: RuleProblem[], message?: string): TaskError {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new TaskError('INVALID_RULES', message ?? summary, { retryable: false, details: problems });
}
