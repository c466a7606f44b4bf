import type { Operator } from './operators';
import type { PathSegment } from './rule-path';

export type Severity = 'error' | 'warning';

/** A rule as written in JSON (inline in `task.params.rules` or in a stored rule set's body). */
export interface RuleDefinition {
  id: string;
  description?: string;
  /** Replaces the generated message of every failure of this rule. */
  message?: string;
  /** Default `error`; a `warning` failure never makes the result invalid. */
  severity?: Severity;
  /** The rule is skipped when this condition does not hold. */
  when?: ConditionDefinition;
  all?: ConditionDefinition[];
  any?: ConditionDefinition[];
  not?: ConditionDefinition;
}

export type ConditionDefinition =
  | { all: ConditionDefinition[] }
  | { any: ConditionDefinition[] }
  | { not: ConditionDefinition }
  | LeafDefinition;

/** Compares the value at `path` with `value`, or with the value at `valueFrom` in the same data. */
export interface LeafDefinition {
  path: string;
  op: Operator;
  value?: unknown;
  valueFrom?: string;
}

/** The body of a stored rule set. */
export interface RuleSetBody {
  rules: RuleDefinition[];
}

/** Something wrong in a rule definition, and exactly where (`rules[1].all[0].op`). */
export interface RuleProblem {
  path: string;
  message: string;
}

export interface CompiledPathRef {
  path: string;
  segments: PathSegment[];
}

export interface CompiledLeaf {
  kind: 'leaf';
  target: CompiledPathRef;
  op: Operator;
  value: unknown;
  valueFrom?: CompiledPathRef;
  /** The `matches` pattern, compiled for RE2 (linear time). */
  pattern?: PatternMatcher;
}

export interface PatternMatcher {
  test(input: string): boolean;
}

export type CompiledCondition =
  | { kind: 'all'; items: CompiledCondition[] }
  | { kind: 'any'; items: CompiledCondition[] }
  | { kind: 'not'; item: CompiledCondition }
  | CompiledLeaf;

export interface CompiledRule {
  id: string;
  message?: string;
  severity: Severity;
  when?: CompiledCondition;
  condition: CompiledCondition;
}

export interface ValidationFailure {
  rule: string;
  path: string;
  op: Operator;
  /** The operand: the leaf's `value`, or the value read from `expectedFrom`. */
  expected: unknown;
  /** The value found at `path`; null when absent. */
  actual: unknown;
  message: string;
  severity: Severity;
  /** Set when the operand came from another path of the same data. */
  expectedFrom?: string;
  /** Set when the failure is that the condition held inside a `not`. */
  negated?: true;
}

export interface ValidationResult {
  /** False only when an error-severity rule failed. */
  valid: boolean;
  failures: ValidationFailure[];
  warnings: ValidationFailure[];
  ruleSet?: { name: string; version: number };
  /** Rules whose `when` held (or that had none). */
  evaluatedRules: number;
}
