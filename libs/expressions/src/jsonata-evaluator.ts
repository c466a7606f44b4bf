import { Injectable } from '@nestjs/common';
import type jsonata from 'jsonata';
import {
  compileJsonata,
  expressionProblem,
  type ExpressionProblem,
  type JsonataLimits,
} from './jsonata-compile';
import type { JsonataJob, JsonataOutcome } from './jsonata.job';
import { ExpressionSandbox, ExpressionTimeoutError, sandboxJob } from './sandbox/expression-sandbox';

/** A JSONata evaluation failed (the problem says how); a timeout is an ExpressionTimeoutError instead. */
export class JsonataEvaluationError extends Error {
  readonly code: string;
  readonly position?: number;

  constructor(readonly problem: ExpressionProblem) {
    super(problem.message);
    this.name = 'JsonataEvaluationError';
    this.code = problem.code;
    if (problem.position !== undefined) this.position = problem.position;
  }
}

/** JSONata's own clock (D1012) stops a worker's evaluation cooperatively at the same limit. */
const JSONATA_TIMEOUT = 'D1012';

/**
 * In-process time budget. Once regexes run on RE2 and sequences are capped, every step of the
 * evaluator is bounded, so checking the clock at each node bounds the event-loop stall to the
 * budget plus one step; past it the evaluation restarts on a worker under the hard limit.
 */
export const FAST_PATH_BUDGET_MS = 5;
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const JOB = sandboxJob(__dirname, 'jsonata.job');

class BudgetExceeded extends Error {}

interface Frame {
  base: object;
}

/** A compiled expression with its limits: evaluated in-process while cheap, else in the sandbox. */
export class SandboxedExpression {
  private readonly deadlines = new WeakMap<object, number>();

  constructor(
    readonly text: string,
    private readonly expression: jsonata.Expression,
    private readonly limits: JsonataLimits,
    private readonly sandbox: ExpressionSandbox,
  ) {
    const hooks = expression as unknown as { assign(name: symbol, value: unknown): void };
    hooks.assign(ENTRY, (_node: unknown, _input: unknown, frame: Frame) => {
      this.checkBudget(frame.base);
    });
  }

  /** Throws JsonataEvaluationError or ExpressionTimeoutError. */
  async evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    try {
      return await this.expression.evaluate(input, bindings);
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw new JsonataEvaluationError(expressionProblem(error));
    }
    return this.evaluateInSandbox(input, bindings);
  }

  private async evaluateInSandbox(input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    const job: JsonataJob = {
      expression: this.text,
      input,
      limits: this.limits,
      ...(bindings ? { bindings } : {}),
    };
    const outcome = await this.sandbox.run<JsonataOutcome>(JOB, job, this.limits.timeoutMs);
    if (outcome.ok) return outcome.value;
    if (outcome.problem.code === JSONATA_TIMEOUT) throw new ExpressionTimeoutError(this.limits.timeoutMs);
    throw new JsonataEvaluationError(outcome.problem);
  }

  private checkBudget(evaluation: object): void {
    const now = performance.now();
    const deadline = this.deadlines.get(evaluation);
    if (deadline === undefined) this.deadlines.set(evaluation, now + FAST_PATH_BUDGET_MS);
    else if (now > deadline) throw new BudgetExceeded();
  }
}

/** Compiles user JSONata for sandboxed evaluation; throws the ExpressionProblem of a bad one. */
@Injectable()
export class JsonataEvaluator {
  constructor(private readonly sandbox: ExpressionSandbox) {}

  compile(text: string, limits: JsonataLimits): SandboxedExpression {
    return new SandboxedExpression(text, compileJsonata(text, limits), limits, this.sandbox);
  }
}
