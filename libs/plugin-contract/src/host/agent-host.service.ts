import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  causedBy,
  createEnvelope,
  MessageTypes,
  StepDispatchPayload,
  type Envelope,
  type StepErrorPayload,
  type StepResultPayload,
} from '@ensemble/contracts';
import { MESSAGING_SETTINGS, requirePayload, type MessagingSettings } from '@ensemble/messaging';
import { Inbox, OutboxWriter, TransactionRunner, type Tx } from '@ensemble/persistence';
import { TaskError, type AgentPlugin, type Task } from '../plugin';

export const AGENT_PLUGINS = Symbol('AGENT_PLUGINS');

type Outcome = { outcome: 'succeeded'; output: unknown } | { outcome: 'failed'; error: StepErrorPayload };

/**
 * Runs tasks through plugins. The plugin computes; the host records the effect, the inbox entry
 * and the result message in one transaction, so a redelivered task is applied exactly once.
 */
@Injectable()
export class AgentHostService {
  private readonly logger = new Logger(AgentHostService.name);
  readonly agentId = `${hostname()}-${process.pid}`;
  private readonly byCapability = new Map<string, AgentPlugin>();
  private readonly running = new Map<string, AbortController>();

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
    const result = await this.run(task);
    const durationMs = Math.round(performance.now() - started);
    const applied = await this.transactions.run(async (tx) => {
      if (!(await this.inbox.claim(tx, envelope.id, this.settings.service))) return false;
      await this.record(tx, task, result, durationMs);
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
      const reply = createEnvelope(MessageTypes.agents.stepResult, payload, causedBy(envelope));
      await this.outbox.add(tx, [
        { exchange: '', routingKey: this.settings.names.resultsQueue, envelope: reply },
      ]);
      return true;
    });
    if (!applied) this.logger.log(`task ${task.id} was already applied; acknowledging the duplicate`);
    else this.logger.log(`task ${task.id} ${result.outcome} in ${durationMs} ms`);
  }

  /** Aborts in-flight tasks of a cancelled run. */
  cancelRun(runId: string): void {
    for (const [key, controller] of this.running) if (key.startsWith(`${runId}/`)) controller.abort();
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
    const key = `${task.runId}/${task.id}`;
    this.running.set(key, controller);
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
      this.running.delete(key);
    }
  }

  private async record(tx: Tx, task: Task, result: Outcome, durationMs: number): Promise<void> {
    await tx.query(
      `INSERT INTO task_executions (task_id, run_id, step_id, attempt, capability, outcome, output, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        task.id,
        task.runId,
        task.stepId,
        task.attempt,
        task.capability,
        result.outcome,
        result.outcome === 'succeeded' ? JSON.stringify(result.output) : null,
        result.outcome === 'failed' ? JSON.stringify(result.error) : null,
        durationMs,
      ],
    );
  }
}

function failed(code: string, message: string, retryable: boolean, details?: unknown): Outcome {
  return {
    outcome: 'failed',
    error: { code, message, retryable, ...(details === undefined ? {} : { details }) },
  };
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
