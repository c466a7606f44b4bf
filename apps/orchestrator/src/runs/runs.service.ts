import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  type Page,
  type RunStartReply,
  type RunStartRequest,
  type RunView,
} from '@ensemble/contracts';
import { MicroBatcher, TransactionRunner, type Tx } from '@ensemble/persistence';
import { EngineService } from '../engine/engine.service';
import { InputSchemas } from '../engine/input-schema';
import { pendingStep, type RunRecord, type StepRecord } from '../engine/run-state';
import { RunUnit } from '../engine/run-unit';
import { RunWriter } from '../engine/run-writer';
import { RunsRepository, type RunFilter } from '../engine/runs.repository';
import { WorkflowsRepository, type StoredWorkflow } from '../workflows/workflows.repository';
import { listRunPage, type RunSummary } from './run-list';
import { toRunView } from './run-views';

/** A run to start and the definition version it pins. */
interface Start {
  run: RunRecord;
  workflow: StoredWorkflow;
}

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);
  private readonly starts = new MicroBatcher<Start, RunStartReply>((starts) => this.startBatch(starts));

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly runs: RunsRepository,
    private readonly writer: RunWriter,
    private readonly workflows: WorkflowsRepository,
    private readonly engine: EngineService,
    private readonly schemas: InputSchemas,
  ) {}

  /** Starts a run pinned to one definition version; the same idempotency key returns the same run. */
  async start(tenantId: string, request: RunStartRequest, correlationId: string): Promise<RunStartReply> {
    const workflow = await this.workflows.find(tenantId, request.workflow, request.version);
    if (!workflow) throw new DomainError('NOT_FOUND', `workflow ${request.workflow} not found`);
    const problems = this.schemas.check(workflow.definition.inputSchema, request.input);
    if (problems.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `input does not match the workflow's inputSchema: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        problems,
      );
    }
    const key = request.idempotencyKey ?? null;
    const run = newRun(tenantId, workflow, request.input, key, correlationId, null);
    return this.starts.submit({ run, workflow });
  }

  /** Starts that arrive together share one transaction; each still gets its own reply. */
  private async startBatch(starts: Start[]): Promise<RunStartReply[]> {
    return this.transactions.run(async (tx) => {
      const items = starts.map(({ run, workflow }) => ({ run, workflow, steps: workflow.definition.steps }));
      const inserted = await this.runs.insertRuns(tx, items);
      const units = items
        .filter((i) => inserted.has(i.run.id))
        .map((i) => this.newUnit(i.run, i.workflow, new Map()));
      for (const unit of units) await this.engine.advance(unit, unit.run.id);
      await this.writer.flush(tx, units);
      for (const unit of units) {
        this.logger.log(
          { runId: unit.run.id, correlationId: unit.run.correlationId, workflow: unit.run.workflow },
          'run started',
        );
      }
      const replies: RunStartReply[] = [];
      for (const { run } of starts) {
        const existing =
          inserted.has(run.id) || run.idempotencyKey === null
            ? undefined
            : await this.runs.findIdByIdempotencyKey(tx, run.tenantId, run.idempotencyKey);
        replies.push(startReply(run, inserted.has(run.id), existing));
      }
      return replies;
    });
  }

  /** Inserts one run (retry-from-failed carries some settled steps over) and advances it. */
  async insert(
    tx: Tx,
    run: RunRecord,
    workflow: StoredWorkflow,
    carried: Map<string, StepRecord>,
  ): Promise<RunUnit | undefined> {
    const inserted = await this.runs.insertRuns(tx, [{ run, steps: workflow.definition.steps }]);
    if (!inserted.has(run.id)) return undefined;
    const unit = this.newUnit(run, workflow, carried);
    await this.engine.advance(unit, run.id);
    await this.writer.flush(tx, [unit]);
    return unit;
  }

  private newUnit(run: RunRecord, workflow: StoredWorkflow, carried: Map<string, StepRecord>): RunUnit {
    const steps = new Map(
      workflow.definition.steps.map((s) => [s.id, carried.get(s.id) ?? pendingStep(s.id, s.capability)]),
    );
    const unit = new RunUnit(run, workflow.definition, steps);
    for (const stepId of carried.keys()) unit.dirtySteps.add(stepId);
    unit.record('run.started', null, { workflow: run.workflow, version: run.version, retryOf: run.retryOf });
    return unit;
  }

  async get(tenantId: string, runId: string): Promise<RunView> {
    const run = await this.runs.findRun(tenantId, runId);
    if (!run) throw new DomainError('NOT_FOUND', `run ${runId} not found`);
    const [steps, workflow] = await Promise.all([
      this.runs.steps(runId),
      this.workflows.findById(run.definitionId),
    ]);
    return toRunView(run, steps, workflow?.definition.steps.map((s) => s.id) ?? []);
  }

  list(tenantId: string, filter: RunFilter, limit?: number, cursor?: string): Promise<Page<RunSummary>> {
    return listRunPage(this.runs, tenantId, filter, limit, cursor);
  }
}

export function newRun(
  tenantId: string,
  workflow: StoredWorkflow,
  input: unknown,
  idempotencyKey: string | null,
  correlationId: string,
  retryOf: string | null,
): RunRecord {
  const now = new Date();
  return {
    id: randomUUID(),
    tenantId,
    definitionId: workflow.id,
    workflow: workflow.name,
    version: workflow.version,
    status: 'running',
    input: input ?? null,
    output: null,
    error: null,
    idempotencyKey,
    retryOf,
    correlationId,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The reply to a start: the new run, or the run that already holds the idempotency key. A run that
 * was not inserted and has no such run to point at is an error, never `created: false` with an id
 * that names nothing.
 */
export function startReply(run: RunRecord, inserted: boolean, existingId: string | undefined): RunStartReply {
  if (inserted) return { runId: run.id, created: true };
  if (existingId !== undefined) return { runId: existingId, created: false };
  throw new DomainError(
    'CONFLICT',
    run.idempotencyKey === null
      ? `run ${run.id} was not created`
      : `run with idempotency key ${run.idempotencyKey} was not created and no run holds the key; try again`,
  );
}
