import { Inject, Injectable } from '@nestjs/common';
import type { AgentPlugin, Task } from '@ensemble/plugin-contract';
import { ExpressionCache, ExpressionLimitError, expressionProblem, toJson } from '@ensemble/expressions';
import { normalize, parseNormalizeOptions } from '../normalize/normalize';
import { PayloadsService, type StoredPayload } from '../payloads/payloads.service';
import { TransformationsService } from '../transformations/transformations.service';
import { dataTaskError } from './data-task.errors';

export const DATA_ACTIONS = ['transform', 'normalize', 'store', 'load'] as const;
export type DataAction = (typeof DATA_ACTIONS)[number];

export type NamedExpressions = Pick<TransformationsService, 'expressionNamed'>;
export type PayloadStore = Pick<PayloadsService, 'store' | 'load'>;

/** The action a task asks for; without one, `transform` when it names an expression, else `normalize`. */
export function actionOf(task: Task): DataAction {
  if (task.action === undefined) {
    const { expression, transformation } = task.params;
    return expression !== undefined || transformation !== undefined ? 'transform' : 'normalize';
  }
  const action = DATA_ACTIONS.find((a) => a === task.action);
  if (!action)
    throw dataTaskError('UNKNOWN_ACTION', `unknown data action ${task.action}`, { actions: DATA_ACTIONS });
  return action;
}

@Injectable()
export class DataPlugin implements AgentPlugin {
  static readonly CAPABILITIES = ['data'] as const;
  readonly metadata = {
    name: 'data-agent',
    version: '0.1.0',
    description: 'Transforms (JSONata), normalises and stores data',
  };
  readonly capabilities = DataPlugin.CAPABILITIES;

  constructor(
    private readonly expressions: ExpressionCache,
    @Inject(TransformationsService) private readonly transformations: NamedExpressions,
    @Inject(PayloadsService) private readonly payloads: PayloadStore,
  ) {}

  async handle(task: Task): Promise<unknown> {
    const action = actionOf(task);
    switch (action) {
      case 'transform':
        return this.transform(task);
      case 'normalize':
        return this.normalize(task);
      case 'store':
        return this.store(task);
      case 'load':
        return this.load(task);
    }
  }

  private async transform(task: Task): Promise<unknown> {
    const compiled = this.expressions.compile(await this.expressionOf(task));
    if (!compiled.ok)
      throw dataTaskError(
        'INVALID_EXPRESSION',
        `invalid JSONata expression: ${compiled.problem.message}`,
        compiled.problem,
      );
    try {
      return toJson(await compiled.expression.evaluate(task.input));
    } catch (error) {
      if (error instanceof ExpressionLimitError)
        throw dataTaskError(error.code, error.message, error.details);
      const problem = expressionProblem(error);
      throw dataTaskError('TRANSFORM_FAILED', `transformation failed: ${problem.message}`, problem);
    }
  }

  private async expressionOf(task: Task): Promise<string> {
    const { expression, transformation } = task.params;
    if (typeof expression === 'string' && transformation === undefined) return expression;
    if (typeof transformation === 'string' && expression === undefined) {
      const stored = await this.transformations.expressionNamed(task.tenantId, transformation);
      if (stored === undefined)
        throw dataTaskError('TRANSFORMATION_NOT_FOUND', `no transformation named ${transformation}`, {
          transformation,
        });
      return stored;
    }
    throw dataTaskError(
      'INVALID_PARAMS',
      'transform needs either params.expression or params.transformation (a string)',
    );
  }

  private normalize(task: Task): unknown {
    const parsed = parseNormalizeOptions(task.params);
    if (!parsed.ok) throw dataTaskError('INVALID_PARAMS', parsed.reason);
    return normalize(task.input ?? null, parsed.options);
  }

  private store(task: Task): Promise<StoredPayload> {
    // The task id makes the payload id, so a redelivered task stores once and answers the same.
    return this.payloads.store(task.tenantId, task.id, task.input);
  }

  private async load(task: Task): Promise<unknown> {
    const loaded = await this.payloads.load(task.tenantId, task.params.ref);
    switch (loaded.outcome) {
      case 'found':
        return loaded.body;
      case 'bad-ref':
        throw dataTaskError('INVALID_PARAMS', 'params.ref must be a reference data://payloads/<id>');
      case 'not-found':
        throw dataTaskError('PAYLOAD_NOT_FOUND', 'no payload is stored under params.ref', {
          ref: task.params.ref,
        });
    }
  }
}
