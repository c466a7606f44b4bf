import { Injectable } from '@nestjs/common';
import {
  compileJsonata,
  isJsonataFunction,
  ExpressionLimitError,
  JsonataEvaluationError,
  JsonataEvaluator,
  type JsonataLimits,
  type SandboxedExpression,
} from '@ensemble/expressions';
import { unstorableTextProblem } from '@ensemble/contracts';
import { LruCache } from '@ensemble/caching';

const CACHE_LIMIT = 5_000;
const NESTING_LIMIT = 1_000;
const GUARDS: JsonataLimits = { timeoutMs: 1_000, stack: 500, sequence: 1_000_000 };

export type ExpressionErrorCode = 'EXPRESSION_ERROR' | 'EXPRESSION_TIMEOUT' | 'EXPRESSION_MEMORY_LIMIT';

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    message: string,
    readonly position?: number,
    readonly code: ExpressionErrorCode = 'EXPRESSION_ERROR',
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface JsonataFailure {
  message?: unknown;
  position?: unknown;
}

function describe(failure: unknown): { message: string; position?: number } {
  const raw = (typeof failure === 'object' && failure !== null ? failure : {}) as JsonataFailure;
  const message = typeof raw.message === 'string' ? raw.message : String(failure);
  const position = typeof raw.position === 'number' ? raw.position : undefined;
  return { message, position };
}

function wrap(expression: string, failure: unknown, prefix: string): ExpressionError {
  const { message, position } = describe(failure);
  const where = position === undefined ? '' : ` at character ${position}`;
  return new ExpressionError(expression, `${prefix}${where}: ${message}`, position);
}

/** Parses a JSONata expression with the engine's guards (regex literals on RE2), or throws ExpressionError. */
export function compileExpression(expression: string): ReturnType<typeof compileJsonata> {
  try {
    return compileJsonata(expression, GUARDS);
  } catch (failure) {
    throw wrap(expression, failure, 'invalid expression');
  }
}

/** `$decodeUrlComponent('%00')` yields a NUL, which would fail the run's transaction on every retry. */
function storableText(expression: string, text: string): string {
  const problem = unstorableTextProblem(text, 'result');
  if (problem) throw new ExpressionError(expression, `expression result ${problem.message}`);
  return text;
}

/** A copy of a result as plain data: JSONata marks its sequences with extra array properties. */
function plain(expression: string, value: unknown, depth: number): unknown {
  if (isJsonataFunction(value))
    throw new ExpressionError(expression, 'expression yields a function, not a value');
  if (typeof value === 'string') return storableText(expression, value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > NESTING_LIMIT) throw new ExpressionError(expression, 'expression result is nested too deeply');
  if (Array.isArray(value)) return value.map((item: unknown) => plain(expression, item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      storableText(expression, key),
      plain(expression, item, depth + 1),
    ]),
  );
}

/** JSONata's `$boolean`: undefined, empty strings/arrays/objects, 0 and false are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => truthy(item));
  switch (typeof value) {
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'boolean':
      return value;
    case 'object':
      return value !== null && Object.keys(value).length > 0;
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      return false;
  }
}

@Injectable()
export class Expressions {
  private readonly compiled = new LruCache<string, SandboxedExpression>(CACHE_LIMIT);

  constructor(private readonly evaluator: JsonataEvaluator) {}

  /** Throws ExpressionError; its code is EXPRESSION_TIMEOUT when the evaluation ran past its limit. */
  async evaluate(expression: string, scope: Record<string, unknown>): Promise<unknown> {
    const compiled = this.compile(expression);
    let result: unknown;
    try {
      result = await compiled.evaluate(scope);
    } catch (failure) {
      if (failure instanceof ExpressionLimitError)
        throw new ExpressionError(expression, failure.message, undefined, failure.code);
      throw wrap(
        expression,
        failure instanceof JsonataEvaluationError ? failure.problem : failure,
        'expression failed',
      );
    }
    return plain(expression, result, 0);
  }

  async test(expression: string, scope: Record<string, unknown>): Promise<boolean> {
    return truthy(await this.evaluate(expression, scope));
  }

  private compile(expression: string): SandboxedExpression {
    const cached = this.compiled.get(expression);
    if (cached) return cached;
    let compiled: SandboxedExpression;
    try {
      compiled = this.evaluator.compile(expression, GUARDS);
    } catch (failure) {
      throw wrap(expression, failure, 'invalid expression');
    }
    this.compiled.set(expression, compiled);
    return compiled;
  }
}
