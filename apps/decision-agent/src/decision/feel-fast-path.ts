import { evaluate, parseExpression, parseUnaryTests } from 'feelin';
import { LruCache } from '@ensemble/caching';
import type { FeelContext, Kind } from './feel';
import { SAFE_FEEL_BUILTINS } from './safe-feel-builtins';

/**
 * feelin parses a cell on every evaluation (its parse depends on the context's names), which was
 * half of the decision agent's CPU. The common cells need no parser at run time: a test comparing
 * `?` with literals of one kind, an input that names one context entry, an output that is a
 * literal. Those are compiled once here to plain comparisons; everything else (and every value
 * these plans do not handle) goes to feelin as before. A differential test holds the plans to
 * feelin's answers.
 */

/** A compiled unary test: true/false for values of the test's one literal kind. */
export type TestPlan = (value: unknown) => boolean;

/** A compiled expression: its value, or FALLBACK when feelin must decide. */
export type ExpressionPlan = (context: FeelContext) => unknown;

export const FALLBACK: unique symbol = Symbol('feelin decides');

type Tree = ReturnType<typeof parseUnaryTests>;
type Node = Tree['topNode'];
type Literal = string | number | boolean | null;
type Compare = (value: Literal, literal: Literal) => boolean;

const COMPARE: Record<string, Compare> = {
  '=': (v, l) => v === l,
  '!=': (v, l) => v !== l,
  '<': (v, l) => (v as number) < (l as number),
  '<=': (v, l) => (v as number) <= (l as number),
  '>': (v, l) => (v as number) > (l as number),
  '>=': (v, l) => (v as number) >= (l as number),
};
const ORDERED_KINDS = new Set<Kind>(['number', 'string']);
const LITERAL_NODES = new Set(['NumericLiteral', 'StringLiteral', 'BooleanLiteral', 'null']);

const CACHE_CAPACITY = 10_000;
const tests = new LruCache<string, TestPlan | null>(CACHE_CAPACITY);
const expressions = new LruCache<string, ExpressionPlan | null>(CACHE_CAPACITY);

function remember<T>(cache: LruCache<string, T>, key: string, compile: () => T): T {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const value = compile();
  cache.set(key, value);
  return value;
}

/** The plan for `text` as unary tests whose literals are all of `kind`; null when feelin must run it. */
export function testPlan(text: string, kind: Kind): TestPlan | null {
  return remember(tests, `${kind}\u0000${text}`, () => compileTests(text, kind));
}

/** The plan for `text` as an expression; null when feelin must evaluate it. */
export function expressionPlan(text: string): ExpressionPlan | null {
  return remember(expressions, text, () => compileExpression(text));
}

function compileTests(text: string, kind: Kind): TestPlan | null {
  const tree = parseUnaryTests(text, {}, undefined);
  if (hasError(tree)) return null;
  const children = childrenOf(tree.topNode);
  if (children.length === 1 && children[0].name === 'PositiveUnaryTests')
    return anyOf(children[0], text, kind);
  if (children.length === 4 && children[0].name === 'not' && children[2].name === 'PositiveUnaryTests') {
    const positive = anyOf(children[2], text, kind);
    return positive && ((value) => !positive(value));
  }
  return null;
}

function anyOf(tests: Node, text: string, kind: Kind): TestPlan | null {
  const plans: TestPlan[] = [];
  for (const test of childrenOf(tests)) {
    if (test.name === ',') continue;
    const plan = test.name === 'PositiveUnaryTest' ? positiveTest(test, text, kind) : null;
    if (!plan) return null;
    plans.push(plan);
  }
  if (plans.length === 1) return plans[0];
  return (value) => plans.some((plan) => plan(value));
}

function positiveTest(test: Node, text: string, kind: Kind): TestPlan | null {
  const children = childrenOf(test);
  if (children.length !== 1) return null;
  const only = children[0];
  if (LITERAL_NODES.has(only.name)) return comparison('=', literalOf(only, text, kind));
  if (only.name !== 'SimplePositiveUnaryTest') return null;
  const parts = childrenOf(only);
  if (parts.length === 1 && parts[0].name === 'Interval') return interval(parts[0], text, kind);
  if (parts.length !== 2 || parts[0].name !== 'CompareOp') return null;
  const symbol = text.slice(parts[0].from, parts[0].to);
  if (symbol !== '=' && symbol !== '!=' && !ORDERED_KINDS.has(kind)) return null;
  return comparison(symbol, literalOf(parts[1], text, kind));
}

function interval(node: Node, text: string, kind: Kind): TestPlan | null {
  const parts = childrenOf(node);
  if (!ORDERED_KINDS.has(kind) || parts.length !== 5 || parts[2].name !== '..') return null;
  const from = literalOf(parts[1], text, kind);
  const to = literalOf(parts[3], text, kind);
  // feelin reads a descending interval (`[5..1]`) its own way; leave those to it.
  if (from === FALLBACK || to === FALLBACK || !((from as number) <= (to as number))) return null;
  const lower = COMPARE[parts[0].name === '[' ? '>=' : '>'];
  const upper = COMPARE[parts[4].name === ']' ? '<=' : '<'];
  return (value) => lower(value as Literal, from) && upper(value as Literal, to);
}

function comparison(symbol: string, literal: Literal | typeof FALLBACK): TestPlan | null {
  if (!Object.hasOwn(COMPARE, symbol) || literal === FALLBACK) return null;
  const compare = COMPARE[symbol];
  return (value) => compare(value as Literal, literal);
}

/** A literal cell's value as feelin reads it; FALLBACK when it is not a literal of `kind`. */
function literalOf(node: Node, text: string, kind: Kind): Literal | typeof FALLBACK {
  if (!LITERAL_NODES.has(node.name)) return FALLBACK;
  const value: unknown = evaluate(text.slice(node.from, node.to), {}).value;
  return literalKind(value) === kind ? (value as Literal) : FALLBACK;
}

function literalKind(value: unknown): Kind {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'other';
  if (typeof value === 'string') return 'string';
  return typeof value === 'boolean' ? 'boolean' : 'other';
}

function compileExpression(text: string): ExpressionPlan | null {
  const tree = parseExpression(text, {}, undefined);
  if (hasError(tree)) return null;
  const children = childrenOf(tree.topNode);
  if (children.length !== 1) return null;
  const only = children[0];
  if (LITERAL_NODES.has(only.name)) {
    const value: unknown = evaluate(text.slice(only.from, only.to), {}).value;
    return literalKind(value) === 'other' ? null : () => value;
  }
  const identifiers = childrenOf(only);
  if (only.name !== 'VariableName' || identifiers.length !== 1 || identifiers[0].name !== 'Identifier')
    return null;
  const name = text.slice(identifiers[0].from, identifiers[0].to);
  if (Object.hasOwn(SAFE_FEEL_BUILTINS, name)) return null;
  return (context) => {
    if (!Object.hasOwn(context, name)) return FALLBACK;
    const value = context[name];
    return literalKind(value) === 'other' ? FALLBACK : value;
  };
}

function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function hasError(tree: Tree): boolean {
  let error = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) error = true;
      return !error;
    },
  });
  return error;
}
