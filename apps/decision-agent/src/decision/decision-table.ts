import {
  AGGREGATIONS,
  HIT_POLICIES,
  type Assert,
  type DECISION_TABLE_SCHEMA,
  type FromSchema,
  type SameType,
} from '@ensemble/contracts';

export { AGGREGATIONS, HIT_POLICIES };
export type HitPolicy = (typeof HIT_POLICIES)[number];

export type Aggregation = (typeof AGGREGATIONS)[number];

/** A column of the table: a FEEL expression over the task input, tested by each rule. */
export interface DecisionInput {
  id?: string;
  label?: string;
  expression: string;
}

export interface DecisionOutput {
  name: string;
  /** Output values from highest to lowest priority; the PRIORITY hit policy ranks by them. */
  priorities?: unknown[];
}

export interface DecisionRule {
  id?: string;
  description?: string;
  /** FEEL unary tests, one per input; `-` or an empty string matches anything. */
  inputEntries: string[];
  /** FEEL expressions, one per output, evaluated over the task input. */
  outputEntries: string[];
}

/** A DMN-style decision table as clients write it (JSON). */
export interface DecisionTable {
  hitPolicy: HitPolicy;
  /** COLLECT only: fold the single output of the matched rules into one number. */
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

/** The table type and the schema of `@ensemble/contracts` cannot drift apart. */
export type DecisionTableMatchesSchema = Assert<
  SameType<FromSchema<typeof DECISION_TABLE_SCHEMA>, DecisionTable>
>;

export type OutputRow = Record<string, unknown>;

export interface MatchedRule {
  index: number;
  id?: string;
}

/** What evaluating a table returns, and so the output of a `decision` step. */
export interface DecisionResult {
  hitPolicy: HitPolicy;
  /** One row (null on no match), every row for COLLECT, or a number for COLLECT with aggregation. */
  result: OutputRow | OutputRow[] | number | null;
  /** The rules that make up the result, in table order (0-based indexes). */
  matchedRules: MatchedRule[];
}

/** One thing wrong with a table and where, e.g. `rules[2].inputEntries[1]`. */
export interface TableProblem {
  path: string;
  message: string;
}
