import { TaskError } from '@ensemble/plugin-contract';
import type { RuleProblem } from '../rules/rule-types';

/** Where a task's rules come from: inline in its params, or a stored rule set. */
export type RuleSource =
  { kind: 'inline'; rules: unknown } | { kind: 'stored'; name: string; version?: number };

/** Reads `params.rules`, or `params.ruleSet` with an optional pinned `params.version`. */
export function ruleSourceOf(params: Record<string, unknown>): RuleSource {
  const { rules, ruleSet, version } = params;
  const problems: RuleProblem[] = [];
  if (rules !== undefined && ruleSet !== undefined) {
    problems.push({ path: 'ruleSet', message: 'give rules or ruleSet, not both' });
  } else if (rules === undefined && ruleSet === undefined) {
    problems.push({ path: 'rules', message: 'give rules (inline) or ruleSet (a stored rule set name)' });
  }
  if (ruleSet !== undefined && (typeof ruleSet !== 'string' || ruleSet.length === 0)) {
    problems.push({ path: 'ruleSet', message: 'must be a non-empty string' });
  }
  if (version !== undefined && (!Number.isInteger(version) || (version as number) < 1)) {
    problems.push({ path: 'version', message: 'must be a positive integer' });
  }
  if (version !== undefined && ruleSet === undefined) {
    problems.push({ path: 'version', message: 'applies only with ruleSet' });
  }
  if (problems.length > 0) {
    const summary = problems.map((p) => `params.${p.path} ${p.message}`).join('; ');
    throw new TaskError('INVALID_PARAMS', summary, { retryable: false, details: problems });
  }
  if (typeof ruleSet === 'string') {
    return { kind: 'stored', name: ruleSet, ...(typeof version === 'number' ? { version } : {}) };
  }
  return { kind: 'inline', rules };
}
