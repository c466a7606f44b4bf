import { evaluate, type parseExpression } from 'feelin';
import { patternProblem } from '@ensemble/expressions';

type SyntaxTree = ReturnType<typeof parseExpression>;
type SyntaxNode = SyntaxTree['topNode'];

/** FEEL builtins taking a regex: the pattern's and the flags' positions and parameter names. */
const PATTERN_FUNCTIONS = new Map([
  ['matches', { pattern: 1, flags: 2, names: ['pattern', 'flags'] }],
  ['replace', { pattern: 1, flags: 3, names: ['pattern', 'flags'] }],
  ['split', { pattern: 1, flags: -1, names: ['delimiter', 'flags'] }],
]);

function textOf(node: SyntaxNode | null, text: string): string | undefined {
  return node ? text.slice(node.from, node.to) : undefined;
}

/** A string literal's value (FEEL escapes applied); undefined for any other argument. */
function literal(node: SyntaxNode | null | undefined, text: string): string | undefined {
  if (node?.type.name !== 'StringLiteral') return undefined;
  const value = evaluate(text.slice(node.from, node.to), {}).value;
  return typeof value === 'string' ? value : undefined;
}

function argumentsOf(call: SyntaxNode, text: string, names: string[]): (SyntaxNode | undefined)[] {
  const positional = call.getChild('PositionalParameters');
  if (positional) {
    const args: SyntaxNode[] = [];
    for (let arg = positional.firstChild; arg; arg = arg.nextSibling)
      if (arg.type.name !== ',') args.push(arg);
    return args;
  }
  const named = call.getChild('NamedParameters')?.getChildren('NamedParameter') ?? [];
  const byName = (name: string): SyntaxNode | undefined =>
    named.find((parameter) => textOf(parameter.firstChild, text)?.trim() === name)?.lastChild ?? undefined;
  return [undefined, byName(names[0]), byName(names[1]), byName(names[1])];
}

/** The first literal pattern in `tree` that RE2 cannot run, described; null when there is none. */
export function literalPatternProblem(tree: SyntaxTree, text: string): string | null {
  let problem: string | null = null;
  tree.iterate({
    enter: (ref) => {
      if (problem !== null) return false;
      if (ref.name !== 'FunctionInvocation') return true;
      const spec = PATTERN_FUNCTIONS.get(textOf(ref.node.firstChild, text)?.trim() ?? '');
      if (!spec) return true;
      const args = argumentsOf(ref.node, text, spec.names);
      const pattern = literal(args[spec.pattern], text);
      const flags = spec.flags < 0 ? '' : (literal(args[spec.flags], text) ?? '');
      const found = pattern === undefined ? undefined : patternProblem(pattern, flags);
      if (found !== undefined) problem = `${textOf(ref.node.firstChild, text) ?? ''}: ${found}`;
      return true;
    },
  });
  return problem;
}
