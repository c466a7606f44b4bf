import { SafeRegExp } from '@ensemble/expressions';
import { acceptsValueFrom, isOperator, OPERATORS, operandProblem, takesValue } from './operators';
import { compilePath } from './rule-path';
import type {
  CompiledCondition,
  CompiledLeaf,
  CompiledPathRef,
  CompiledRule,
  RuleProblem,
  Severity,
} from './rule-types';

export const MAX_RULES = 1000;
export const MAX_DEPTH = 32;

export type ParsedRules = { ok: true; rules: CompiledRule[] } | { ok: false; problems: RuleProblem[] };

const RULE_KEYS = ['id', 'description', 'message', 'severity', 'when', 'all', 'any', 'not'];
const GROUP_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['path', 'op', 'value', 'valueFrom'];
const SEVERITIES: readonly Severity[] = ['error', 'warning'];

type Json = Record<string, unknown>;

/**
 * Checks a list of rule definitions completely and compiles them (paths split, regexes built),
 * reporting every problem with its location under `at` (e.g. `rules[1].all[0].op`).
 */
export function parseRules(raw: unknown, at = 'rules'): ParsedRules {
  const problems: RuleProblem[] = [];
  const report = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  if (!Array.isArray(raw) || raw.length === 0) {
    report(at, 'must be a non-empty array of rules');
    return { ok: false, problems };
  }
  if (raw.length > MAX_RULES) report(at, `must hold at most ${MAX_RULES} rules`);
  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  raw.forEach((item: unknown, i) => {
    const rule = parseRule(item, `${at}[${i}]`, report);
    const id = isObject(item) ? item.id : undefined;
    if (typeof id === 'string') {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else report(`${at}[${i}].id`, `duplicate rule id "${id}" (also ${at}[${first}])`);
    }
    if (rule) rules.push(rule);
  });
  return problems.length === 0 ? { ok: true, rules } : { ok: false, problems };
}

type Report = (path: string, message: string) => void;

function parseRule(raw: unknown, at: string, report: Report): CompiledRule | undefined {
  if (!isObject(raw)) {
    report(at, 'a rule must be an object');
    return undefined;
  }
  unknownKeys(raw, RULE_KEYS, at, report);
  const id = raw.id;
  if (typeof id !== 'string' || id.length === 0) report(`${at}.id`, 'must be a non-empty string');
  optionalString(raw, 'description', at, report);
  optionalString(raw, 'message', at, report);
  if (raw.severity !== undefined && !SEVERITIES.includes(raw.severity as Severity)) {
    report(`${at}.severity`, `must be one of ${SEVERITIES.join(', ')}`);
  }
  const when = raw.when === undefined ? undefined : parseCondition(raw.when, `${at}.when`, report, 1);
  const condition = parseGroup(raw, at, report, 0, 'a rule needs');
  if (typeof id !== 'string' || !condition) return undefined;
  return {
    id,
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
  if (!isObject(raw)) {
    report(at, 'a condition must be an object');
    return undefined;
  }
  if ('path' in raw || 'op' in raw) return parseLeaf(raw, at, report);
  unknownKeys(raw, GROUP_KEYS, at, report);
  return parseGroup(raw, at, report, depth, 'a condition needs path and op, or');
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
  const list = raw[kind];
  if (!Array.isArray(list) || list.length === 0) {
    report(`${at}.${kind}`, 'must be a non-empty array of conditions');
    return undefined;
  }
  const items = list.map((item: unknown, i) =>
    parseCondition(item, `${at}.${kind}[${i}]`, report, depth + 1),
  );
  return items.every((item) => item !== undefined) ? { kind, items } : undefined;
}

function parseLeaf(raw: Json, at: string, report: Report): CompiledLeaf | undefined {
  unknownKeys(raw, LEAF_KEYS, at, report);
  const target = parsePath(raw.path, `${at}.path`, report);
  const op = raw.op;
  if (!isOperator(op)) {
    const got = op === undefined ? 'op is required' : `unknown operator ${JSON.stringify(op)}`;
    report(`${at}.op`, `${got}; expected one of ${OPERATORS.join(', ')}`);
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
    report(at, raw === undefined ? 'is required' : 'must be a string');
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

function optionalString(raw: Json, key: string, at: string, report: Report): void {
  if (raw[key] !== undefined && typeof raw[key] !== 'string') report(`${at}.${key}`, 'must be a string');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
