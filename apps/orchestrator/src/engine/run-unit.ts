import { randomUUID } from 'node:crypto';
import type { StepDefinition, StepErrorView, StepStatus, WorkflowDefinition } from '@ensemble/contracts';
import type { OutgoingMessage } from '@ensemble/persistence';
import type { RunRecord, StepRecord } from './run-state';

export interface RunEventDraft {
  type: string;
  stepId: string | null;
  data: unknown;
}

export interface TimerDraft {
  id: string;
  stepId: string;
  kind: 'retry' | 'timeout';
  attempt: number;
  fireAt: Date;
}

/**
 * One run loaded under its row lock, plus everything a handler changed: flushed by the
 * repository in the same transaction, so state, history, timers and messages commit together.
 */
export class RunUnit {
  readonly byId: Map<string, StepDefinition>;
  readonly dirtySteps = new Set<string>();
  readonly events: RunEventDraft[] = [];
  readonly messages: OutgoingMessage[] = [];
  readonly newTimers: TimerDraft[] = [];
  readonly clearedTimers = new Set<string>();
  runDirty = false;

  constructor(
    readonly run: RunRecord,
    readonly definition: WorkflowDefinition,
    readonly steps: Map<string, StepRecord>,
  ) {
    this.byId = new Map(definition.steps.map((s) => [s.id, s]));
  }

  /** True once a handler changed anything the writer would flush. */
  get changed(): boolean {
    return (
      this.runDirty ||
      this.dirtySteps.size > 0 ||
      this.events.length > 0 ||
      this.messages.length > 0 ||
      this.newTimers.length > 0 ||
      this.clearedTimers.size > 0
    );
  }

  step(stepId: string): StepRecord {
    const record = this.steps.get(stepId);
    if (!record) throw new Error(`run ${this.run.id} has no step ${stepId}`);
    return record;
  }

  updateStep(stepId: string, change: Partial<StepRecord> & { status: StepStatus }): StepRecord {
    const record = Object.assign(this.step(stepId), change);
    this.dirtySteps.add(stepId);
    return record;
  }

  updateRun(change: Partial<RunRecord>): void {
    Object.assign(this.run, change, { updatedAt: new Date() });
    this.runDirty = true;
  }

  record(type: string, stepId: string | null = null, data: unknown = null): void {
    this.events.push({ type, stepId, data });
  }

  send(message: OutgoingMessage): void {
    this.messages.push(message);
  }

  schedule(stepId: string, kind: TimerDraft['kind'], attempt: number, delayMs: number): Date {
    const fireAt = new Date(Date.now() + delayMs);
    this.newTimers.push({ id: randomUUID(), stepId, kind, attempt, fireAt });
    return fireAt;
  }

  clearTimers(stepId: string): void {
    this.clearedTimers.add(stepId);
  }

  fail(stepId: string, error: StepErrorView): void {
    this.updateStep(stepId, { status: 'failed', error, finishedAt: new Date() });
    this.clearTimers(stepId);
  }
}
