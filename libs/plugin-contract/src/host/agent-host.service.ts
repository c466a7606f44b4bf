import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  causedBy,
  createEnvelope,
  MessageTypes,
  StepDispatchPayload,
  type Envelope,
  type StepCancelPayload,
  type StepResultPayload,
} from '@ensemble/contracts';
import { MESSAGING_SETTINGS, requirePayload, type MessagingSettings } from '@ensemble/messaging';
import {
  Inbox,
  MicroBatcher,
  OutboxWriter,
  prepared,
  TransactionRunner,
  type Tx,
} from '@ensemble/persistence';
import { TaskError, type AgentPlugin, type Task } from '../plugin';
import { failed, storableOutcome, type Outcome } from './outcome';

export const AGENT_PLUGINS = Symbol('AGENT_PLUGINS');

interface Finished {
  envelope: Envelope<StepDispatchPayload>;
  task: Task;
  result: Outcome;
  durationMs: number;
}

/**
 * Runs tasks through plugins. The plugin computes; the host records the effect, the inbox entry
 * and the result message in one transaction, so a redelivered task is applied exactly once.
 */
@Injectable()
export class AgentHostService {
  private readonly logger = new Logger(AgentHostService.name);
  readonly agentId = `${hostname()}-${process.pid}`;
  private readonly byCapability = new Map<string, AgentPlugin>();
  private readonly running = new Map<
    string,
    { runId: string; stepId: string; controller: AbortController }
  >();
  private readonly recorder = new MicroBatcher<Finished, boolean>((batch) => this.recordBatch(batch));

  constructor(
    @Inject(AGENT_PLUGINS) readonly plugins: AgentPlugin[],
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    private readonly transactions: TransactionRunner,
    private readonly inbox: Inbox,
    private readonly outbox: OutboxWriter,
  ) {
    for (const plugin of plugins)
      for (const capability of plugin.capabilities) this.byCapability.set(capability, plugin);
  }

  get capabilities(): string[] {
    return [...this.byCapability.keys()];
  }

  async execute(raw: Envelope<object>): Promise<void> {
    const envelope = await requirePayload(StepDispatchPayload, raw);
    const task = toTask(envelope);
    const started = performance.now();
    const result = storableOutcome(await this.run(task));
    const durationMs = Math.round(performance.now() - started);
    const applied = await this.recorder.submit({ envelope, task, result, durationMs });
    if (!applied) this.logger.log(`task ${task.id} was already applied; acknowledging the duplicate`);
    else this.logger.log(`task ${task.id} ${result.outcome} in ${durationMs} ms`);
  }

  /**
   * One transaction for every task finished together: inbox claims, effects and result messages.
   * A task whose inbox entry exists (a redelivery) changes nothing.
   */
  private async recordBatch(batch: Finished[]): Promise<boolean[]> {
    return this.transactions.run(async (tx) => {
      const claimed = await this.inbox.claimMany(
        tx,
        batch.map((f) => f.envelope.id),
        this.settings.service,
      );
      const fresh = batch.filter((f) => claimed.delete(f.envelope.id));
      await this.record(tx, fresh);
      await this.outbox.add(
        tx,
        fresh.map((f) => ({
          exchange: '',
          routingKey: this.settings.names.resultsQueue,
          envelope: this.resultOf(f),
        })),
      );
      return batch.map((f) => fresh.includes(f));
    });
  }

  private resultOf({ envelope, task, result, durationMs }: Finished): Envelope<StepResultPayload> {
    const payload: StepResultPayload = {
      runId: task.runId,
      stepId: task.stepId,
      attempt: task.attempt,
      taskId: task.id,
      agentId: `${this.settings.service}@${this.agentId}`,
      durationMs,
      outcome: result.outcome,
      ...(result.outcome === 'succeeded' ? { output: result.output } : { error: result.error }),
    };
    return createEnvelope(MessageTypes.agents.stepResult, payload, causedBy(envelope));
  }

  /** Aborts this process's in-flight tasks of a cancelled run (or of one of its steps): their signal fires. */
  cancel(request: StepCancelPayload): void {
    let aborted = 0;
    for (const [key, entry] of this.running) {
      if (entry.runId !== request.runId || (request.stepId !== undefined && entry.stepId !== request.stepId))
        continue;
      entry.controller.abort(new Error(request.reason));
      this.running.delete(key);
      aborted += 1;
    }
    this.logger.log(
      `cancel of run ${request.runId}${request.stepId ? ` step ${request.stepId}` : ''}: ${aborted} task(s) aborted here`,
    );
  }

  private async run(task: Task): Promise<Outcome> {
    const plugin = this.byCapability.get(task.capability);
    if (!plugin) {
      return failed('CAPABILITY_NOT_SUPPORTED', `this agent does not serve ${task.capability}`, false);
    }
    if (task.deadline && Date.parse(task.deadline) < Date.now()) {
      return failed('DEADLINE_EXCEEDED', `task arrived after its deadline ${task.deadline}`, false);
    }
    const controller = new AbortController();
    this.running.set(task.id, { runId: task.runId, stepId: task.stepId, controller });
    try {
      const output = await plugin.handle(task, {
        signal: controller.signal,
        log: (message, fields) => {
          this.logger.log({ ...fields, taskId: task.id }, message);
        },
      });
      return { outcome: 'succeeded', output: output ?? null };
    } catch (error) {
      if (error instanceof TaskError)
        return failed(error.code, error.message, error.retryable, error.details);
      this.logger.error(`plugin ${plugin.metadata.name} threw: ${(error as Error).stack ?? String(error)}`);
      return failed('AGENT_ERROR', (error as Error).message, true);
    } finally {
      this.running.delete(task.id);
    }
  }

  private async record(tx: Tx, finished: Finished[]): Promise<void> {
    if (finished.length === 0) return;
    const column = <T>(pick: (f: Finished) => T): T[] => finished.map(pick);
    await prepared(
      tx,
      `INSERT INTO task_executions (task_id, run_id, step_id, attempt, capability, outcome, output, error, duration_ms)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::int[])`,
      [
        column((f) => f.task.id),
        column((f) => f.task.runId),
        column((f) => f.task.stepId),
        column((f) => f.task.attempt),
        column((f) => f.task.capability),
        column((f) => f.result.outcome),
        column((f) => (f.result.outcome === 'succeeded' ? JSON.stringify(f.result.output) : null)),
        column((f) => (f.result.outcome === 'failed' ? JSON.stringify(f.result.error) : null)),
        column((f) => f.durationMs),
      ],
    );
  }
}

function toTask(envelope: Envelope<StepDispatchPayload>): Task {
  const p = envelope.payload;
  return {
    id: envelope.id,
    tenantId: envelope.tenantId,
    runId: p.runId,
    stepId: p.stepId,
    attempt: p.attempt,
    capability: p.capability,
    ...(p.action ? { action: p.action } : {}),
    input: p.input,
    params: p.params ?? {},
    ...(p.deadline ? { deadline: p.deadline } : {}),
  };
}
