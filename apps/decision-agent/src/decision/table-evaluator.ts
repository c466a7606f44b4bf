import { DecisionError } from './decision-error';
import type { DecisionResult, OutputRow } from './decision-table';
import { evaluateExpression, passes, type FeelContext } from './feel';
import { applyHitPolicy } from './hit-policy';
import { toJsonValue } from './json-value';
import type { CompiledRule, CompiledTable } from './table-compiler';

/**
 * Evaluates a compiled table against a FEEL context (the task input): each input expression once,
 * then the rules in order (stopping at the first match for FIRST), then the hit policy. Outputs
 * are evaluated only for the rules the hit policy looks at.
 */
export function evaluateTable(table: CompiledTable, context: FeelContext): DecisionResult {
  const columns = inputContexts(table, context);
  const matched = matchingRules(table, columns);
  return applyHitPolicy(table, matched, (rule) => outputsOf(table, rule, context));
}

/** Per input column, the context its unary tests run in: the input plus `?`, the column's value. */
function inputContexts(table: CompiledTable, context: FeelContext): FeelContext[] {
  return table.inputs.map((expression, column) => {
    const value = feel(() => evaluateExpression(expression, context), `inputs[${column}].expression`, {
      column,
    });
    return { ...context, '?': value };
  });
}

function matchingRules(table: CompiledTable, columns: FeelContext[]): CompiledRule[] {
  const matched: CompiledRule[] = [];
  for (const rule of table.rules) {
    if (!matches(rule, columns)) continue;
    matched.push(rule);
    if (table.hitPolicy === 'FIRST') break;
  }
  return matched;
}

function matches(rule: CompiledRule, columns: FeelContext[]): boolean {
  return rule.tests.every((test, column) => {
    if (test === null) return true;
    const path = `rules[${rule.index}].inputEntries[${column}]`;
    return feel(() => passes(test, columns[column] ?? {}), path, { row: rule.index, column });
  });
}

function outputsOf(table: CompiledTable, rule: CompiledRule, context: FeelContext): OutputRow {
  return Object.fromEntries(
    table.outputNames.map((name, column) => {
      const path = `rules[${rule.index}].outputEntries[${column}]`;
      const expression = rule.outputs[column] ?? 'null';
      const value = feel(() => evaluateExpression(expression, context), path, { row: rule.index, column });
      return [name, toJsonValue(value)];
    }),
  );
}

function feel<T>(run: () => T, path: string, where: { row?: number; column: number }): T {
  try {
    return run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DecisionError('FEEL_ERROR', `FEEL failed at ${path}: ${reason}`, { path, ...where });
  }
}
