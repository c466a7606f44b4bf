export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'exists';

export interface Condition {
  path: string;
  op: Operator;
  value?: unknown;
}

export interface Rule {
  id: string;
  message?: string;
  all: Condition[];
}

export interface Failure {
  rule: string;
  path: string;
  op: Operator;
  expected: unknown;
  actual: unknown;
  message: string;
}

export type ParsedRules = { ok: true; rules: Rule[] } | { ok: false; reason: string };

const OPERATORS: readonly Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'];

export function parseRules(raw: unknown): ParsedRules {
  if (!Array.isArray(raw) || raw.length === 0)
    return { ok: false, reason: 'params.rules must be a non-empty array' };
  const rules: Rule[] = [];
  for (const [i, r] of raw.entries()) {
    const rule = r as Partial<Rule>;
    if (typeof rule.id !== 'string') return { ok: false, reason: `rules[${i}].id must be a string` };
    if (!Array.isArray(rule.all)) return { ok: false, reason: `rules[${i}].all must be an array` };
    for (const [j, c] of rule.all.entries()) {
      if (typeof c.path !== 'string')
        return { ok: false, reason: `rules[${i}].all[${j}].path must be a string` };
      if (!OPERATORS.includes(c.op))
        return { ok: false, reason: `rules[${i}].all[${j}].op must be one of ${OPERATORS.join(', ')}` };
    }
    rules.push(rule as Rule);
  }
  return { ok: true, rules };
}

function read(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      data,
    );
}

function holds(c: Condition, actual: unknown): boolean {
  switch (c.op) {
    case 'eq':
      return actual === c.value;
    case 'ne':
      return actual !== c.value;
    case 'gt':
      return typeof actual === 'number' && typeof c.value === 'number' && actual > c.value;
    case 'gte':
      return typeof actual === 'number' && typeof c.value === 'number' && actual >= c.value;
    case 'lt':
      return typeof actual === 'number' && typeof c.value === 'number' && actual < c.value;
    case 'lte':
      return typeof actual === 'number' && typeof c.value === 'number' && actual <= c.value;
    case 'in':
      return Array.isArray(c.value) && c.value.includes(actual);
    case 'exists':
      return actual !== undefined && actual !== null;
  }
}

export function evaluateRules(rules: Rule[], data: unknown): { valid: boolean; failures: Failure[] } {
  const failures: Failure[] = [];
  for (const rule of rules) {
    for (const c of rule.all) {
      const actual = read(data, c.path);
      if (!holds(c, actual)) {
        failures.push({
          rule: rule.id,
          path: c.path,
          op: c.op,
          expected: c.value,
          actual,
          message: rule.message ?? `${c.path} ${c.op} failed`,
        });
      }
    }
  }
  return { valid: failures.length === 0, failures };
}
