import { parseRules, type ParsedRules } from '../rules/rule-parser';

/** Checks a stored rule set's body, `{ rules: [...] }`, reporting paths under `at`. */
export function parseRuleSetBody(body: unknown, at = 'body'): ParsedRules {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ path: at, message: 'must be an object { rules: [...] }' }] };
  }
  const extra = Object.keys(body)
    .filter((key) => key !== 'rules')
    .map((key) => ({ path: `${at}.${key}`, message: 'unknown property; allowed: rules' }));
  const parsed = parseRules((body as { rules?: unknown }).rules, `${at}.rules`);
  if (extra.length === 0) return parsed;
  return { ok: false, problems: [...extra, ...(parsed.ok ? [] : parsed.problems)] };
}
