import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { LruCache } from '@ensemble/caching';
import { expressionPlan, FALLBACK, testPlan } from './feel-fast-path';
import { literalPatternProblem } from './feel-patterns';
import { SAFE_FEEL_BUILTINS } from './safe-feel-builtins';

export type FeelContext = Record<string, unknown>;

type SyntaxTree = ReturnType<typeof parseExpression>;

/** `-` and an empty cell match any input value, as in DMN. */
export function isAnyEntry(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === '-';
}

/** What is wrong with `text` as FEEL unary tests (`> 3`, `[1..5]`, `"a","b"`, `not(1)`), if anything. */
export function unaryTestsProblem(text: string): string | null {
  const tree = parseUnaryTests(text, {}, undefined);
  return syntaxProblem(tree, 'unary tests') ?? literalPatternProblem(tree, text);
}

/** What is wrong with `text` as a FEEL expression, if anything. */
export function expressionProblem(text: string): string | null {
  if (text.trim() === '') return 'must be a FEEL expression, not empty';
  const tree = parseExpression(text, {}, undefined);
  return syntaxProblem(tree, 'expression') ?? literalPatternProblem(tree, text);
}

function syntaxProblem(tree: SyntaxTree, kind: string): string | null {
  let position: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (position === undefined && node.type.isError) position = node.from;
      return position === undefined;
    },
  });
  return position === undefined
    ? null
    : `is not a valid FEEL ${kind} (syntax error at character ${position})`;
}

/**
 * True only when the unary test holds for `context['?']`; FEEL's null (not comparable) is no match.
 * feelin compares across types as JavaScript does (`true > 0`, `"5" < 100`), so a value whose type
 * is not that of the test's literals fails before feelin sees it.
 */
export function passes(test: string, context: FeelContext): boolean {
  const value = context['?'] ?? null;
  const kinds = literalKinds(test);
  const kind = kindOf(value);
  if (kinds && !kinds.has(kind)) return false;
  const plan = kinds?.size === 1 ? testPlan(test, kind) : null;
  if (plan) return plan(value);
  return unaryTest(test, { ...context, ...SAFE_FEEL_BUILTINS }).value === true;
}

export type Kind = 'number' | 'string' | 'boolean' | 'null' | 'other';

const LITERAL_KINDS: Record<string, Kind> = {
  NumericLiteral: 'number',
  StringLiteral: 'string',
  BooleanLiteral: 'boolean',
  null: 'null',
};
/** Nodes of tests that compare `?` with literals only; anything else is left to feelin. */
const PLAIN_NODES = new Set([
  ...Object.keys(LITERAL_KINDS),
  'UnaryTests',
  'PositiveUnaryTests',
  'PositiveUnaryTest',
  'SimplePositiveUnaryTest',
  'CompareOp',
  'Interval',
  'ArithOp',
  'not',
  '[',
  ']',
  '(',
  ')',
  '..',
]);
const kindsCache = new LruCache<string, ReadonlySet<Kind> | null>(10_000);

function literalKinds(test: string): ReadonlySet<Kind> | null {
  const cached = kindsCache.get(test);
  if (cached !== undefined) return cached;
  const result = literalKindsOf(test);
  kindsCache.set(test, result);
  return result;
}

/** The types of the literals `test` compares `?` with; null when it is not such a plain test. */
export function literalKindsOf(test: string): ReadonlySet<Kind> | null {
  const kinds = new Set<Kind>();
  const foreign: string[] = [];
  parseUnaryTests(test, {}, undefined).iterate({
    enter: (node) => {
      const name = node.type.name;
      if (!PLAIN_NODES.has(name)) foreign.push(name);
      if (Object.hasOwn(LITERAL_KINDS, name)) kinds.add(LITERAL_KINDS[name]);
      return foreign.length === 0;
    },
  });
  return foreign.length === 0 && kinds.size > 0 ? kinds : null;
}

/** The kind of an input value, as `literalKindsOf` names the kinds of literals. */
export function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return typeof value === 'boolean' ? 'boolean' : 'other';
}

export function evaluateExpression(expression: string, context: FeelContext): unknown {
  const plan = expressionPlan(expression);
  const planned = plan ? plan(context) : FALLBACK;
  if (planned !== FALLBACK) return planned;
  return evaluate(expression, { ...context, ...SAFE_FEEL_BUILTINS }).value;
}
