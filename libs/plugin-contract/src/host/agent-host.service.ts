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
import { MicroBatcher, TransactionRunner, type OutgoingMessage } from '@ensemble/persistence';
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
 * A batch of finished tasks in one statement, atomic on its own: claim each task's message in the
 * inbox, and for the messages claimed now (not by an earlier delivery) record the execution and
 * queue the result envelope in the outbox ($3: the results queue). Everything the execution row
 * holds but the capability is read from the result envelope, so it is serialised once. Returns
 * the message ids claimed.
 */
const RECORD = `
  WITH
  batch AS (
    SELECT b.message_id, b.capability, b.envelope, b.envelope->'payload' AS p
    FROM jsonb_to_recordset($1::jsonb) AS b(message_id uuid, capability text, envelope jsonb)
  ),
  claimed AS (
    INSERT INTO inbox (message_id, consumer) SELECT message_id, $2 FROM batch
    ON CONFLICT DO NOTHING RETURNING message_id
  ),
  fresh AS (SELECT b.* FROM batch b JOIN claimed c USING (message_id)),
  executions AS (
    INSERT INTO task_executions (task_id, run_id, step_id, attempt, capability, outcome, output, error, duration_ms)
    SELECT message_id, (p->>'runId')::uuid, p->>'stepId', (p->>'attempt')::int, capability, p->>'outcome',
           p->'output', p->'error', (p->>'durationMs')::int
    FROM fresh
  ),
  results AS (
    INSERT INTO outbox (id, exchange, routing_key, envelope)
    SELECT (envelope->>'id')::uuid, '', $3, envelope FROM fresh
  )
  SELECT message_id FROM claimed`;

/**
 * Runs tasks through plugins. The plugin computes; the host records the effect, the inbox entry
 * and the result message in one statement (RECORD), so a redelivered task is applied exactly once.
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
   * One statement for every task finished together: inbox claims, effects and result messages
   * (see RECORD). A task whose inbox entry exists (a redelivery, or the same delivery twice in
   * one batch) changes nothing.
   */
  private async recordBatch(batch: Finished[]): Promise<boolean[]> {
    const first = new Map<string, Finished>();
    for (const f of batch) if (!first.has(f.envelope.id)) first.set(f.envelope.id, f);
    const routingKey = this.settings.names.resultsQueue;
    const messages = new Map<string, OutgoingMessage>();
    for (const [id, f] of first) messages.set(id, { exchange: '', routingKey, envelope: this.resultOf(f) });
    const rows = [...first].map(([id, f]) => ({
      message_id: id,
      capability: f.task.capability,
      envelope: messages.get(id)?.envelope,
    }));
    const claimed = await this.transactions.statement<{ message_id: string }>(
      RECORD,
      [JSON.stringify(rows), this.settings.service, routingKey],
      (claims) => claims.flatMap((c) => messages.get(c.message_id) ?? []),
    );
    const fresh = new Set(claimed.map((c) => c.message_id));
    return batch.map((f) => first.get(f.envelope.id) === f && fresh.has(f.envelope.id));
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
