import { ruleSetBodyProblems } from '@ensemble/contracts';
import { compileRules, type ParsedRules } from '../rules/rule-parser';

/**
 * Checks a stored rule set's body, `{ rules: [...] }`, against the rule set schema of
 * `@ensemble/contracts`, then compiles its rules; paths start at `body`, as in the create request.
 */
export function parseRuleSetBody(body: unknown): ParsedRules {
  const shape = ruleSetBodyProblems(body);
  if (shape.length > 0) return { ok: false, problems: shape };
  return compileRules((body as { rules: Record<string, unknown>[] }).rules, 'body.rules');
}
