import { RULE_OPERATORS } from '@ensemble/contracts';
import { patternProblem } from '@ensemble/expressions';
import type { PatternMatcher } from './rule-types';

export const OPERATORS = RULE_OPERATORS;
export type Operator = (typeof OPERATORS)[number];

export const VALUE_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** Operators that look at presence only: a `value` is ignored. */
const PRESENCE_OPS: readonly Operator[] = ['exists', 'notExists'];
/** Operators whose operand must be known when the rule is parsed (a regex, a type name). */
const STATIC_OPS: readonly Operator[] = ['matches', 'type'];

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

export function takesValue(op: Operator): boolean {
  return !PRESENCE_OPS.includes(op);
}

export function acceptsValueFrom(op: Operator): boolean {
  return takesValue(op) && !STATIC_OPS.includes(op);
}

/** Why `value` is not a valid operand of `op`, or undefined when it is. */
export function operandProblem(op: Operator, value: unknown): string | undefined {
  switch (op) {
    case 'eq':
    case 'ne':
    case 'exists':
    case 'notExists':
      return undefined;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return isOrdered(value) ? undefined : `${op} needs a number or a string`;
    case 'between':
      return isRange(value) ? undefined : 'between needs [min, max]: two numbers or two strings, min <= max';
    case 'in':
    case 'nin':
      return Array.isArray(value) ? undefined : `${op} needs an array of values`;
    case 'matches':
      return regexProblem(value);
    case 'minLength':
    case 'maxLength':
      return Number.isInteger(value) && (value as number) >= 0
        ? undefined
        : `${op} needs a non-negative integer`;
    case 'type':
      return (VALUE_TYPES as readonly unknown[]).includes(value)
        ? undefined
        : `type needs one of ${VALUE_TYPES.join(', ')}`;
  }
}

/** Patterns run on RE2, so one that needs backtracking (backreferences, lookarounds) is refused here. */
function regexProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'matches needs a regular expression string';
  const problem = patternProblem(value, 'u');
  return problem === undefined ? undefined : `invalid regular expression: ${problem}`;
}

/** Whether `actual op expected` holds. `pattern` is the compiled regex of a `matches` leaf. */
export function holds(op: Operator, actual: unknown, expected: unknown, pattern?: PatternMatcher): boolean {
  switch (op) {
    case 'eq':
      return deepEqual(actual, expected);
    case 'ne':
      return !deepEqual(actual, expected);
    case 'gt':
      return (compare(actual, expected) ?? 0) > 0;
    case 'gte':
      return (compare(actual, expected) ?? -1) >= 0;
    case 'lt':
      return (compare(actual, expected) ?? 0) < 0;
    case 'lte':
      return (compare(actual, expected) ?? 1) <= 0;
    case 'between':
      return (
        isRange(expected) &&
        (compare(actual, expected[0]) ?? -1) >= 0 &&
        (compare(actual, expected[1]) ?? 1) <= 0
      );
    case 'in':
      return Array.isArray(expected) && expected.some((item) => deepEqual(actual, item));
    case 'nin':
      return Array.isArray(expected) && !expected.some((item) => deepEqual(actual, item));
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'notExists':
      return actual === undefined || actual === null;
    case 'matches':
      return typeof actual === 'string' && pattern !== undefined && pattern.test(actual);
    case 'minLength':
      return typeof expected === 'number' && (lengthOf(actual) ?? -1) >= expected;
    case 'maxLength':
      return typeof expected === 'number' && (lengthOf(actual) ?? Infinity) <= expected;
    case 'type':
      return typeOf(actual) === expected || (expected === 'number' && typeOf(actual) === 'integer');
  }
}

type Ordered = number | string;

function isOrdered(value: unknown): value is Ordered {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
}

function isRange(value: unknown): value is [Ordered, Ordered] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    isOrdered(value[0]) &&
    typeof value[0] === typeof value[1] &&
    (compare(value[0], value[1]) ?? 1) <= 0
  );
}

/** Numbers with numbers, strings with strings (ISO dates order as strings); else undefined. */
function compare(a: unknown, b: unknown): number | undefined {
  if (!isOrdered(a) || !isOrdered(b) || typeof a !== typeof b) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Length in code points for strings (as JSON Schema counts), in items for arrays. */
function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return Array.from(value).length;
  return Array.isArray(value) ? value.length : undefined;
}

export function typeOf(value: unknown): ValueType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'object' ? 'object' : undefined;
}

/** Structural equality of JSON values: arrays in order, objects by key set. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
  );
}
