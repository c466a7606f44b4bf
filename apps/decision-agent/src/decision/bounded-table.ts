import { parseExpression, parseUnaryTests } from 'feelin';
import type { CompiledTable } from './table-compiler';

/**
 * Syntax a FEEL cell may use and still be evaluated on the agent's own thread: literals, names and
 * paths, comparisons, intervals, arithmetic, if/then/else, lists and contexts. Each costs time
 * proportional to the input's size at most. Function calls, `for`, `some`/`every`, filters and
 * function definitions can loop for as long as they like, so a table using any of them runs on a
 * sandbox worker that can be terminated.
 */
const BOUNDED = new Set([
  'Expression',
  'UnaryTests',
  'PositiveUnaryTests',
  'PositiveUnaryTest',
  'SimplePositiveUnaryTest',
  'Comparison',
  'CompareOp',
  'Interval',
  'ArithmeticExpression',
  'ArithOp',
  'Wildcard',
  'not',
  'NumericLiteral',
  'StringLiteral',
  'BooleanLiteral',
  'null',
  'VariableName',
  'Identifier',
  'Name',
  'PathExpression',
  'PathName',
  'IfExpression',
  'if',
  'then',
  'else',
  'List',
  'Context',
  'ContextEntry',
  'Key',
  '?',
  '.',
  '..',
  ',',
  ':',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
]);

/** In-process only for small inputs too: a path over a huge list is linear, but linear in what the caller sent. */
export const IN_PROCESS_INPUT_LIMIT_BYTES = 16 * 1024;
const IN_PROCESS_RULE_LIMIT = 500;

const verdicts = new WeakMap<CompiledTable, boolean>();

function usesOnlyBounded(tree: ReturnType<typeof parseExpression>): boolean {
  let bounded = true;
  tree.iterate({
    enter: (node) => {
      if (!BOUNDED.has(node.type.name) || node.type.isError) bounded = false;
      return bounded;
    },
  });
  return bounded;
}

function tableIsBounded(table: CompiledTable): boolean {
  if (table.rules.length > IN_PROCESS_RULE_LIMIT) return false;
  const expressions = [...table.inputs, ...table.rules.flatMap((r) => r.outputs)];
  const tests = table.rules.flatMap((r) => r.tests).filter((t): t is string => t !== null);
  return (
    expressions.every((e) => usesOnlyBounded(parseExpression(e, {}, undefined))) &&
    tests.every((t) => usesOnlyBounded(parseUnaryTests(t, {}, undefined)))
  );
}

/** True when evaluating `table` cannot hold the event loop for more than a few milliseconds. */
export function isBoundedTable(table: CompiledTable): boolean {
  let verdict = verdicts.get(table);
  if (verdict === undefined) {
    verdict = tableIsBounded(table);
    verdicts.set(table, verdict);
  }
  return verdict;
}
