import { DecisionError } from './decision-error';
import type { DecisionResult, MatchedRule, OutputRow } from './decision-table';
import { stableKey } from './json-value';
import type { CompiledRule, CompiledTable } from './table-compiler';

export type OutputsOf = (rule: CompiledRule) => OutputRow;

/** Turns the matching rules (in table order) into the table's result under its hit policy. */
export function applyHitPolicy(
  table: CompiledTable,
  matched: CompiledRule[],
  outputsOf: OutputsOf,
): DecisionResult {
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1)
        throw violation(
          `hit policy UNIQUE allows one matching rule, but ${indexes(matched)} matched`,
          matched,
        );
      return single(table, matched[0], outputsOf);
    case 'FIRST':
      return single(table, matched[0], outputsOf);
    case 'PRIORITY':
      return priority(table, matched, outputsOf);
    case 'ANY':
      return any(table, matched, outputsOf);
    case 'COLLECT':
      return collect(table, matched, outputsOf);
  }
}

function single(table: CompiledTable, rule: CompiledRule | undefined, outputsOf: OutputsOf): DecisionResult {
  return {
    hitPolicy: table.hitPolicy,
    result: rule ? outputsOf(rule) : null,
    matchedRules: rule ? [ref(rule)] : [],
  };
}

function priority(table: CompiledTable, matched: CompiledRule[], outputsOf: OutputsOf): DecisionResult {
  let best: { rule: CompiledRule; row: OutputRow; ranks: number[] } | undefined;
  for (const rule of matched) {
    const row = outputsOf(rule);
    const ranks = ranksOf(table, row);
    if (!best || before(ranks, best.ranks)) best = { rule, row, ranks };
  }
  return {
    hitPolicy: table.hitPolicy,
    result: best ? best.row : null,
    matchedRules: best ? [ref(best.rule)] : [],
  };
}

/** Outputs compared in column order; a value missing from the priorities ranks below all listed. */
function ranksOf(table: CompiledTable, row: OutputRow): number[] {
  return table.outputNames.flatMap((name, column) => {
    const ranks = table.ranks[column];
    return ranks ? [ranks.get(stableKey(row[name])) ?? ranks.size] : [];
  });
}

function before(a: number[], b: number[]): boolean {
  for (const [i, rank] of a.entries()) if (rank !== b[i]) return rank < (b[i] ?? Infinity);
  return false;
}

function any(table: CompiledTable, matched: CompiledRule[], outputsOf: OutputsOf): DecisionResult {
  const rows = matched.map(outputsOf);
  if (new Set(rows.map(stableKey)).size > 1)
    throw violation(`hit policy ANY needs matching rules to agree, but ${indexes(matched)} differ`, matched);
  return { hitPolicy: table.hitPolicy, result: rows[0] ?? null, matchedRules: matched.map(ref) };
}

function collect(table: CompiledTable, matched: CompiledRule[], outputsOf: OutputsOf): DecisionResult {
  const matchedRules = matched.map(ref);
  if (table.aggregation === undefined)
    return { hitPolicy: table.hitPolicy, result: matched.map(outputsOf), matchedRules };
  if (table.aggregation === 'COUNT')
    return { hitPolicy: table.hitPolicy, result: matched.length, matchedRules };
  const name = table.outputNames[0] ?? '';
  const values = matched.flatMap((rule) => {
    const value = outputsOf(rule)[name];
    if (value === null || typeof value === 'number') return value === null ? [] : [value];
    throw new DecisionError(
      'INVALID_DECISION_OUTPUT',
      `COLLECT ${table.aggregation ?? ''} needs numbers, but rules[${rule.index}] gave ${JSON.stringify(value)}`,
      { rule: rule.index, output: name },
    );
  });
  return { hitPolicy: table.hitPolicy, result: aggregate(table.aggregation, values), matchedRules };
}

/** SUM of nothing is 0; MIN and MAX of nothing are null (there is no such value). */
function aggregate(aggregation: 'SUM' | 'MIN' | 'MAX', values: number[]): number | null {
  switch (aggregation) {
    case 'SUM':
      return values.reduce((sum, value) => sum + value, 0);
    case 'MIN':
      return values.length === 0 ? null : values.reduce((min, value) => Math.min(min, value));
    case 'MAX':
      return values.length === 0 ? null : values.reduce((max, value) => Math.max(max, value));
  }
}

function violation(message: string, matched: CompiledRule[]): DecisionError {
  return new DecisionError('DECISION_HIT_POLICY_VIOLATION', message, {
    matchedRules: matched.map((rule) => rule.index),
  });
}

function indexes(matched: CompiledRule[]): string {
  return `rules ${matched.map((rule) => rule.index).join(', ')}`;
}

function ref(rule: CompiledRule): MatchedRule {
  return rule.id === undefined ? { index: rule.index } : { index: rule.index, id: rule.id };
}
