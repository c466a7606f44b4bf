import { holds, type Operator } from './operators';
import { readPath } from './rule-path';
import type {
  CompiledCondition,
  CompiledLeaf,
  CompiledRule,
  ValidationFailure,
  ValidationResult,
} from './rule-types';

/** A leaf that made its condition false, before the rule's id, severity and message are added. */
type Miss = Pick<ValidationFailure, 'path' | 'op' | 'expected' | 'actual' | 'expectedFrom' | 'negated'>;

/** Evaluates compiled rules against `data`, saying which conditions failed and why. */
export function evaluateRules(rules: readonly CompiledRule[], data: unknown): ValidationResult {
  const failures: ValidationFailure[] = [];
  const warnings: ValidationFailure[] = [];
  let evaluatedRules = 0;
  for (const rule of rules) {
    if (rule.when && misses(rule.when, data, false).length > 0) continue;
    evaluatedRules += 1;
    const found = misses(rule.condition, data, false).map((miss) => toFailure(rule, miss));
    (rule.severity === 'error' ? failures : warnings).push(...found);
  }
  return { valid: failures.length === 0, failures, warnings, evaluatedRules };
}

/**
 * The leaves that make `condition` false (empty when it holds). Under a `not` the polarity flips
 * (De Morgan), so a failure always names the leaf that decided it rather than a whole group.
 */
function misses(condition: CompiledCondition, data: unknown, negated: boolean): Miss[] {
  switch (condition.kind) {
    case 'leaf':
      return leafMisses(condition, data, negated);
    case 'not':
      return misses(condition.item, data, !negated);
    case 'all':
    case 'any': {
      const results = condition.items.map((item) => misses(item, data, negated));
      const disjunction = (condition.kind === 'any') !== negated;
      return disjunction && results.some((found) => found.length === 0) ? [] : results.flat();
    }
  }
}

function leafMisses(leaf: CompiledLeaf, data: unknown, negated: boolean): Miss[] {
  const actual = readPath(data, leaf.target.segments);
  const expected = leaf.valueFrom ? readPath(data, leaf.valueFrom.segments) : leaf.value;
  if (holds(leaf.op, actual, expected, leaf.pattern) !== negated) return [];
  return [
    {
      path: leaf.target.path,
      op: leaf.op,
      expected: expected ?? null,
      actual: actual ?? null,
      ...(leaf.valueFrom ? { expectedFrom: leaf.valueFrom.path } : {}),
      ...(negated ? { negated: true as const } : {}),
    },
  ];
}

function toFailure(rule: CompiledRule, miss: Miss): ValidationFailure {
  return { rule: rule.id, ...miss, message: rule.message ?? describe(miss), severity: rule.severity };
}

function describe(miss: Miss): string {
  const operand = miss.expectedFrom ? `${miss.expectedFrom} (${show(miss.expected)})` : show(miss.expected);
  const [positive, negative] = REQUIREMENTS[miss.op];
  return `${miss.path} ${(miss.negated ? negative : positive).replace('%', () => operand)}`;
}

/** What each operator requires, and what it requires under a `not`; `%` is the operand. */
const REQUIREMENTS: Record<Operator, [string, string]> = {
  eq: ['must equal %', 'must not equal %'],
  ne: ['must not equal %', 'must equal %'],
  gt: ['must be greater than %', 'must be at most %'],
  gte: ['must be at least %', 'must be less than %'],
  lt: ['must be less than %', 'must be at least %'],
  lte: ['must be at most %', 'must be greater than %'],
  between: ['must be between % (inclusive)', 'must not be between % (inclusive)'],
  in: ['must be one of %', 'must not be one of %'],
  nin: ['must not be one of %', 'must be one of %'],
  exists: ['is required', 'must be absent'],
  notExists: ['must be absent', 'is required'],
  matches: ['must match %', 'must not match %'],
  minLength: ['must have a length of at least %', 'must have a length below %'],
  maxLength: ['must have a length of at most %', 'must have a length above %'],
  type: ['must be of type %', 'must not be of type %'],
};

function show(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 'null' : text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
