import { Injectable } from '@nestjs/common';
import { LruCache } from '@ensemble/caching';
import { expressionProblem, type ExpressionProblem, type JsonataLimits } from './jsonata-compile';
import { JsonataEvaluator, type SandboxedExpression } from './jsonata-evaluator';

export type CompiledExpression = SandboxedExpression;

export type Compiled =
  { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem };

const MAX_ENTRIES = 500;
/** Guardrails: an expression from a tenant must not hold an agent forever or blow its stack. */
export const AGENT_EXPRESSION_LIMITS: JsonataLimits = { timeoutMs: 5000, stack: 2000, sequence: 1_000_000 };

/** Compiles each expression text once; least recently used entries are evicted past MAX_ENTRIES. */
@Injectable()
export class ExpressionCache {
  private readonly entries = new LruCache<string, CompiledExpression>(MAX_ENTRIES);

  constructor(private readonly evaluator: JsonataEvaluator) {}

  compile(text: string): Compiled {
    const cached = this.entries.get(text);
    if (cached) return { ok: true, expression: cached };
    let expression: CompiledExpression;
    try {
      expression = this.evaluator.compile(text, AGENT_EXPRESSION_LIMITS);
    } catch (error) {
      return { ok: false, problem: expressionProblem(error) };
    }
    this.entries.set(text, expression);
    return { ok: true, expression };
  }
}

/** JSONata results may be `undefined`, functions, or arrays tagged as sequences; steps need plain JSON. */
export function toJson(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
