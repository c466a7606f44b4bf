import jsonata from 'jsonata';
import { patternProblem, SafeRegExp } from './safe-regex';

/** Guardrails of one evaluation. `timeoutMs` is the hard limit, enforced by the sandbox. */
export interface JsonataLimits {
  timeoutMs: number;
  stack: number;
  sequence: number;
}

/** Where and why JSONata rejected an expression or failed to evaluate it. */
export interface ExpressionProblem {
  code: string;
  message: string;
  position?: number;
  token?: string;
}

interface RegexLiteral {
  regex: RegExp;
  position: number;
}

/** A regex literal RE2 cannot run: reported like a JSONata syntax error, with its position. */
class UnsafeRegexLiteral extends Error {
  readonly code = 'UNSAFE_PATTERN';

  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`regular expression at character ${position}: ${reason}`);
  }
}

/** Every regex literal of the syntax tree (the tree has back-references, hence `seen`). */
function regexLiterals(node: unknown, seen = new Set<object>(), found: RegexLiteral[] = []): RegexLiteral[] {
  if (typeof node !== 'object' || node === null || node instanceof RegExp || seen.has(node)) return found;
  seen.add(node);
  const fields = node as Record<string, unknown>;
  if (fields.type === 'regex' && fields.value instanceof RegExp)
    found.push({ regex: fields.value, position: typeof fields.position === 'number' ? fields.position : 0 });
  for (const value of Object.values(fields)) regexLiterals(value, seen, found);
  return found;
}

/**
 * Parses `text` with RE2 as its regex engine, or throws an ExpressionProblem: a syntax error, or a
 * regex literal RE2 cannot take (so it is refused when saved, not when run).
 */
export function compileJsonata(text: string, limits: JsonataLimits): jsonata.Expression {
  const expression = jsonata(text, {
    stack: limits.stack,
    sequence: limits.sequence,
    timeout: limits.timeoutMs,
    RegexEngine: SafeRegExp as unknown as RegExpConstructor,
  });
  for (const { regex, position } of regexLiterals(expression.ast())) {
    const problem = patternProblem(regex.source, regex.flags);
    if (problem !== undefined) throw new UnsafeRegexLiteral(position, problem);
  }
  return expression;
}

/** JSONata throws plain objects carrying `code`, `position` and `token`, not Error instances. */
export function expressionProblem(error: unknown): ExpressionProblem {
  if (typeof error !== 'object' || error === null) return { code: 'UNKNOWN', message: String(error) };
  const e = error as Partial<Record<'code' | 'message' | 'token', unknown>> & { position?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e.message === 'string' ? e.message : 'expression failed',
    ...(typeof e.position === 'number' ? { position: e.position } : {}),
    ...(typeof e.token === 'string' ? { token: e.token } : {}),
  };
}

/** A JSONata result that is a function (a lambda or a built-in), which is never a value. */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    ('_jsonata_lambda' in value || '_jsonata_function' in value)
  );
}
