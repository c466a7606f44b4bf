import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
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

/** True only when the unary test holds for `context['?']`; FEEL's null (not comparable) is no match. */
export function passes(test: string, context: FeelContext): boolean {
  return unaryTest(test, { ...context, ...SAFE_FEEL_BUILTINS }).value === true;
}

export function evaluateExpression(expression: string, context: FeelContext): unknown {
  return evaluate(expression, { ...context, ...SAFE_FEEL_BUILTINS }).value;
}
