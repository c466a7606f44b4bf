import type jsonata from 'jsonata';
import { LruCache } from '@ensemble/caching';
import {
  compileJsonata,
  expressionProblem,
  isJsonataFunction,
  type ExpressionProblem,
  type JsonataLimits,
} from './jsonata-compile';

export interface JsonataJob {
  expression: string;
  input: unknown;
  bindings?: Record<string, unknown>;
  limits: JsonataLimits;
}

export type JsonataOutcome = { ok: true; value: unknown } | { ok: false; problem: ExpressionProblem };

const CACHE_LIMIT = 200;
const compiled = new LruCache<string, jsonata.Expression>(CACHE_LIMIT);

function compile(text: string, limits: JsonataLimits): jsonata.Expression {
  const key = `${limits.timeoutMs}/${limits.stack}/${limits.sequence}/${text}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const expression = compileJsonata(text, limits);
  compiled.set(key, expression);
  return expression;
}

class FunctionResultError extends Error {
  readonly code = 'T_FUNCTION';

  constructor() {
    super('expression yields a function, not a value');
  }
}

/** A structured-cloneable copy: JSONata sequences carry extra fields, and functions cannot cross threads. */
function cloneable(value: unknown): unknown {
  if (isJsonataFunction(value)) throw new FunctionResultError();
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneable);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneable(item)]));
}

/** Runs on a sandbox worker: the whole evaluation, under the same guards as in-process. */
export default async function evaluateJsonataJob(job: JsonataJob): Promise<JsonataOutcome> {
  try {
    const value: unknown = await compile(job.expression, job.limits).evaluate(job.input, job.bindings);
    return { ok: true, value: cloneable(value) };
  } catch (error) {
    return { ok: false, problem: expressionProblem(error) };
  }
}
