import { RULE_SET_LIMITS, ruleListProblems } from '@ensemble/contracts';
import { SafeRegExp } from '@ensemble/expressions';
import { acceptsValueFrom, isOperator, OPERATORS, operandProblem, takesValue } from './operators';
import { compilePath } from './rule-path';
import type {
  CompiledCondition,
  CompiledLeaf,
  CompiledPathRef,
  CompiledRule,
  RuleProblem,
} from './rule-types';

export const MAX_RULES = RULE_SET_LIMITS.maxRules;
export const MAX_DEPTH = RULE_SET_LIMITS.maxConditionDepth;

export type ParsedRules = { ok: true; rules: CompiledRule[] } | { ok: false; problems: RuleProblem[] };

const GROUP_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['path', 'op', 'value', 'valueFrom'];

type Json = Record<string, unknown>;
type Report = (path: string, message: string) => void;

/**
 * Checks inline rules (a validation step's `params.rules`) completely and compiles them: first
 * their shape against the rule schema of `@ensemble/contracts`, then what it cannot say.
 */
export function parseRules(raw: unknown): ParsedRules {
  const shape = ruleListProblems(raw);
  return shape.length > 0 ? { ok: false, problems: shape } : compileRules(raw as Json[], 'rules');
}

/**
 * Compiles rules whose shape the schema has accepted (paths split, regexes built), reporting
 * every problem a schema cannot see with its location under `at` (e.g. `rules[1].all[0].op`):
 * duplicate ids, which keys go together, nesting depth, paths and operands.
 */
export function compileRules(raw: Json[], at: string): ParsedRules {
  const problems: RuleProblem[] = [];
  const report: Report = (path, message) => {
    problems.push({ path, message });
  };
  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  raw.forEach((item, i) => {
    const rule = parseRule(item, `${at}[${i}]`, report);
    const id = String(item.id);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else report(`${at}[${i}].id`, `duplicate rule id "${id}" (also ${at}[${first}])`);
    if (rule) rules.push(rule);
  });
  return problems.length === 0 ? { ok: true, rules } : { ok: false, problems };
}

function parseRule(raw: Json, at: string, report: Report): CompiledRule | undefined {
  const when = raw.when === undefined ? undefined : parseCondition(raw.when, `${at}.when`, report, 1);
  const condition = parseGroup(raw, at, report, 0, 'a rule needs');
  if (!condition) return undefined;
  return {
    id: String(raw.id),
    ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
    severity: raw.severity === 'warning' ? 'warning' : 'error',
    ...(when ? { when } : {}),
    condition,
  };
}

function parseCondition(
  raw: unknown,
  at: string,
  report: Report,
  depth: number,
): CompiledCondition | undefined {
  if (depth > MAX_DEPTH) {
    report(at, `conditions nest deeper than ${MAX_DEPTH} levels`);
    return undefined;
  }
  const condition = raw as Json;
  if ('path' in condition || 'op' in condition) return parseLeaf(condition, at, report);
  unknownKeys(condition, GROUP_KEYS, at, report);
  return parseGroup(condition, at, report, depth, 'a condition needs path and op, or');
}

/** `{ all: [...] }`, `{ any: [...] }` or `{ not: ... }`: exactly one of the three. */
function parseGroup(
  raw: Json,
  at: string,
  report: Report,
  depth: number,
  what: string,
): CompiledCondition | undefined {
  const kinds = GROUP_KEYS.filter((key) => raw[key] !== undefined);
  if (kinds.length !== 1) {
    const found = kinds.length > 1 ? ` (found ${kinds.join(', ')})` : '';
    report(at, `${what} exactly one of all, any, not${found}`);
    return undefined;
  }
  const kind = kinds[0];
  if (kind === 'not') {
    const item = parseCondition(raw.not, `${at}.not`, report, depth + 1);
    return item && { kind, item };
  }
  const list = raw[kind] as unknown[];
  const items = list.map((item, i) => parseCondition(item, `${at}.${kind}[${i}]`, report, depth + 1));
  return items.every((item) => item !== undefined) ? { kind, items } : undefined;
}

function parseLeaf(raw: Json, at: string, report: Report): CompiledLeaf | undefined {
  unknownKeys(raw, LEAF_KEYS, at, report);
  const target = parsePath(raw.path, `${at}.path`, report);
  const op = raw.op;
  if (!isOperator(op)) {
    report(`${at}.op`, `is required; expected one of ${OPERATORS.join(', ')}`);
    return undefined;
  }
  const operand = parseOperand(raw, op, at, report);
  if (!target || !operand) return undefined;
  return { kind: 'leaf', target, op, ...operand };
}

type Operand = Pick<CompiledLeaf, 'value' | 'valueFrom' | 'pattern'>;

function parseOperand(raw: Json, op: CompiledLeaf['op'], at: string, report: Report): Operand | undefined {
  const hasValue = raw.value !== undefined;
  if (raw.valueFrom !== undefined) {
    if (hasValue) report(at, 'give value or valueFrom, not both');
    else if (!acceptsValueFrom(op)) report(`${at}.valueFrom`, `${op} does not take valueFrom`);
    const valueFrom = parsePath(raw.valueFrom, `${at}.valueFrom`, report);
    return valueFrom && !hasValue && acceptsValueFrom(op) ? { value: undefined, valueFrom } : undefined;
  }
  if (!takesValue(op)) return { value: undefined };
  if (!hasValue) {
    report(`${at}.value`, `${op} needs a value (or valueFrom)`);
    return undefined;
  }
  const problem = operandProblem(op, raw.value);
  if (problem) {
    report(`${at}.value`, problem);
    return undefined;
  }
  return op === 'matches'
    ? { value: raw.value, pattern: new SafeRegExp(raw.value as string, 'u') }
    : { value: raw.value };
}

function parsePath(raw: unknown, at: string, report: Report): CompiledPathRef | undefined {
  if (typeof raw !== 'string') {
    report(at, 'is required');
    return undefined;
  }
  const compiled = compilePath(raw);
  if (!compiled.ok) {
    report(at, compiled.reason);
    return undefined;
  }
  return { path: raw, segments: compiled.segments };
}

function unknownKeys(raw: Json, allowed: readonly string[], at: string, report: Report): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) report(`${at}.${key}`, `unknown property; allowed: ${allowed.join(', ')}`);
  }
}
