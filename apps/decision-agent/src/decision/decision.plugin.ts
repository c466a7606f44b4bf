import { Injectable } from '@nestjs/common';
import { ExpressionLimitError, ExpressionSandbox, sandboxJob } from '@ensemble/expressions';
import { TaskError, type AgentPlugin, type Task } from '@ensemble/plugin-contract';
import { DecisionTablesService } from '../decision-tables/decision-tables.service';
import { DecisionError, toTaskError } from './decision.errors';
import type { DecisionResult } from './decision-table';
import { IN_PROCESS_INPUT_LIMIT_BYTES, isBoundedTable } from './bounded-table';
import evaluateDecisionJob, { type DecisionJob, type DecisionOutcome } from './decision-table.job';
import type { FeelContext } from './feel';
import { TableCompiler, type CompiledTable } from './table-compiler';

/** Hard limit of one table evaluation on a sandbox worker. */
export const FEEL_TIME_LIMIT_MS = 2_000;
const JOB = sandboxJob(__dirname, 'decision-table.job');

type TableRef = { kind: 'inline'; table: unknown } | { kind: 'stored'; name: string; version?: number };

/**
 * Evaluates a decision table against the task input. `params.table` is an inline table;
 * `params.tableName` (with an optional pinned `version`) names a stored one, else its active version.
 */
@Injectable()
export class DecisionPlugin implements AgentPlugin {
  static readonly CAPABILITIES = ['decision'] as const;
  readonly metadata = {
    name: 'decision-agent',
    version: '0.1.0',
    description: 'Evaluates DMN-style decision tables with FEEL',
  };
  readonly capabilities = DecisionPlugin.CAPABILITIES;

  constructor(
    private readonly compiler: TableCompiler,
    private readonly tables: DecisionTablesService,
    private readonly sandbox: ExpressionSandbox,
  ) {}

  async handle(task: Task): Promise<DecisionResult> {
    try {
      const ref = tableRefOf(task.params);
      const context = contextOf(task.input);
      return await this.evaluate(await this.tableFor(task.tenantId, ref), context);
    } catch (error) {
      if (error instanceof DecisionError) throw toTaskError(error);
      if (error instanceof ExpressionLimitError)
        throw new TaskError(error.code, error.message, { retryable: false, details: error.details });
      throw error;
    }
  }

  /**
   * A table of plain cells on a small input is evaluated here (bounded: see bounded-table.ts);
   * anything else in one worker round trip, since FEEL has unbounded loops (`for i in 1..n`).
   */
  private async evaluate(table: CompiledTable, context: FeelContext): Promise<DecisionResult> {
    const job: DecisionJob = { table, context };
    const outcome =
      isBoundedTable(table) && jsonSize(context) <= IN_PROCESS_INPUT_LIMIT_BYTES
        ? evaluateDecisionJob(job)
        : await this.sandbox.run<DecisionOutcome>(JOB, job, FEEL_TIME_LIMIT_MS);
    if (outcome.ok) return outcome.result;
    throw new DecisionError(outcome.code, outcome.message, outcome.details);
  }

  private async tableFor(tenantId: string, ref: TableRef): Promise<CompiledTable> {
    if (ref.kind === 'inline') return this.compiler.compile(ref.table);
    const table = await this.tables.findCompiled(tenantId, ref.name, ref.version);
    if (table) return table;
    const which = ref.version === undefined ? 'no active version' : `no version ${ref.version}`;
    throw new DecisionError('DECISION_TABLE_NOT_FOUND', `decision table ${ref.name} has ${which}`, {
      tableName: ref.name,
      ...(ref.version === undefined ? {} : { version: ref.version }),
    });
  }
}

export function tableRefOf(params: Record<string, unknown>): TableRef {
  const { table, tableName, version } = params;
  if (table !== undefined && tableName !== undefined)
    throw invalidParams('give either params.table or params.tableName, not both');
  if (table !== undefined) return { kind: 'inline', table };
  if (typeof tableName !== 'string' || tableName === '')
    throw invalidParams('params.table (an inline table) or params.tableName (a stored table) is required');
  if (version === undefined) return { kind: 'stored', name: tableName };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw invalidParams('params.version must be a positive integer');
  return { kind: 'stored', name: tableName, version };
}

/** The task input is the FEEL context; a missing input is an empty one. */
export function contextOf(input: unknown): FeelContext {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw new DecisionError(
      'INVALID_DECISION_INPUT',
      'the task input must be a JSON object (the FEEL context)',
    );
  return input as FeelContext;
}

function invalidParams(message: string): DecisionError {
  return new DecisionError('INVALID_DECISION_PARAMS', message);
}

function jsonSize(value: unknown): number {
  return (JSON.stringify(value) as string | undefined)?.length ?? 0;
}
