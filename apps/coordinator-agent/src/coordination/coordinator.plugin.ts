import { Injectable } from '@nestjs/common';
import { TaskError, type AgentPlugin, type Task, type TaskContext } from '@ensemble/plugin-contract';
import { ExpressionCache, ExpressionLimitError, expressionProblem, toJson } from '@ensemble/expressions';
import { aggregate, AggregateItemError, parseAggregateSpec } from './aggregate';
import { coordinatorTaskError } from './coordinator-task.errors';
import { MapItemError, mapWithLimit } from './map-with-limit';

export const COORDINATOR_ACTIONS = ['aggregate', 'map'] as const;
export type CoordinatorAction = (typeof COORDINATOR_ACTIONS)[number];

export const DEFAULT_MAP_CONCURRENCY = 8;
export const MAX_MAP_CONCURRENCY = 64;

export function actionOf(task: Task): CoordinatorAction {
  const action = COORDINATOR_ACTIONS.find((a) => a === task.action);
  if (!action)
    throw coordinatorTaskError('UNKNOWN_ACTION', `unknown coordination action ${task.action ?? '(none)'}`, {
      actions: COORDINATOR_ACTIONS,
    });
  return action;
}

@Injectable()
export class CoordinatorPlugin implements AgentPlugin {
  static readonly CAPABILITIES = ['coordination'] as const;
  readonly metadata = {
    name: 'coordinator-agent',
    version: '0.1.0',
    description: 'Maps over collections with a concurrency limit and aggregates them',
  };
  readonly capabilities = CoordinatorPlugin.CAPABILITIES;

  constructor(private readonly expressions: ExpressionCache) {}

  async handle(task: Task, ctx: TaskContext): Promise<unknown> {
    const action = actionOf(task);
    switch (action) {
      case 'aggregate':
        return this.aggregate(task);
      case 'map':
        return this.map(task, ctx.signal);
    }
  }

  private aggregate(task: Task): unknown {
    const items = itemsOf(task);
    const parsed = parseAggregateSpec(task.params);
    if (!parsed.ok) throw coordinatorTaskError('INVALID_PARAMS', parsed.reason);
    try {
      return aggregate(items, parsed.spec);
    } catch (error) {
      if (error instanceof AggregateItemError)
        throw coordinatorTaskError('AGGREGATE_ITEM_INVALID', error.message, { index: error.index });
      throw error;
    }
  }

  private async map(task: Task, signal: AbortSignal): Promise<unknown[]> {
    const items = itemsOf(task);
    const concurrency = concurrencyOf(task.params.concurrency);
    const { expression } = task.params;
    if (typeof expression !== 'string')
      throw coordinatorTaskError('INVALID_PARAMS', 'params.expression (JSONata) is required for map');
    const compiled = this.expressions.compile(expression);
    if (!compiled.ok)
      throw coordinatorTaskError(
        'INVALID_EXPRESSION',
        `invalid JSONata expression: ${compiled.problem.message}`,
        compiled.problem,
      );
    try {
      return await mapWithLimit(
        items,
        concurrency,
        async (item, index) => toJson(await compiled.expression.evaluate(item, { index })),
        signal,
      );
    } catch (error) {
      if (error instanceof MapItemError && error.cause instanceof ExpressionLimitError)
        throw coordinatorTaskError(error.cause.code, `item ${error.index}: ${error.cause.message}`, {
          index: error.index,
          ...error.cause.details,
        });
      if (error instanceof MapItemError) {
        const problem = expressionProblem(error.cause);
        throw coordinatorTaskError('MAP_ITEM_FAILED', `item ${error.index} failed: ${problem.message}`, {
          index: error.index,
          ...problem,
        });
      }
      if (signal.aborted)
        throw new TaskError('CANCELLED', 'cancelled before every item was mapped', { retryable: true });
      throw error;
    }
  }
}

function itemsOf(task: Task): readonly unknown[] {
  if (!Array.isArray(task.input))
    throw coordinatorTaskError('INVALID_INPUT', `${task.action ?? 'the task'} needs an array as input`);
  return task.input;
}

function concurrencyOf(value: unknown): number {
  if (value === undefined) return DEFAULT_MAP_CONCURRENCY;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MAP_CONCURRENCY)
    return value;
  throw coordinatorTaskError(
    'INVALID_PARAMS',
    `params.concurrency must be an integer from 1 to ${MAX_MAP_CONCURRENCY}`,
  );
}
