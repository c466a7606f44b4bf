import { Injectable } from '@nestjs/common';
import jsonata from 'jsonata';

export type CompiledExpression = jsonata.Expression;

/** Where and why JSONata rejected an expression or failed to evaluate it. */
export interface ExpressionProblem {
  code: string;
  message: string;
  position?: number;
  token?: string;
}

export type Compiled =
  { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem };

const MAX_ENTRIES = 500;
/** Guardrails: an expression from a tenant must not hold an agent forever or blow its stack. */
const LIMITS: jsonata.JsonataOptions = { timeout: 5000, stack: 2000 };

/** Compiles each expression text once; least recently used entries are evicted past MAX_ENTRIES. */
@Injectable()
export class ExpressionCache {
  private readonly entries = new Map<string, CompiledExpression>();

  compile(text: string): Compiled {
    const cached = this.entries.get(text);
    if (cached) {
      this.entries.delete(text);
      this.entries.set(text, cached);
      return { ok: true, expression: cached };
    }
    let expression: CompiledExpression;
    try {
      expression = jsonata(text, LIMITS);
    } catch (error) {
      return { ok: false, problem: expressionProblem(error) };
    }
    this.entries.set(text, expression);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return { ok: true, expression };
  }
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

/** JSONata results may be `undefined`, functions, or arrays tagged as sequences; steps need plain JSON. */
export function toJson(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
