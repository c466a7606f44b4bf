import { Injectable, Logger } from '@nestjs/common';
import { TERMINAL_RUN_STATUSES, type StepDefinition, type StepErrorView } from '@ensemble/contracts';
import { CompensationService } from './compensation.service';
import { Dispatcher } from './dispatcher';
import { ExpressionError, Expressions } from './expressions';
import { backoffMs, shouldRetry } from './retry-policy';
import { defaultOutput, expressionScope, isInFlight, isSettled, onFailureOf, readiness } from './run-state';
import type { RunUnit } from './run-unit';

/**
 * The DAG engine: pure decisions over one locked run. It never touches the database itself; the
 * caller flushes the RunUnit in the transaction that loaded it.
 */
@Injectable()
export class EngineService {
  private readonly logger = new Logger(EngineService.name);

  constructor(
    private readonly expressions: Expressions,
    private readonly compensation: CompensationService,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** Dispatches every step whose dependencies are met, skips those whose `when` is false, and completes the run. */
  async advance(unit: RunUnit, causationId: string): Promise<void> {
    let progressed = true;
    while (progressed && unit.run.status === 'running') {
      progressed = false;
      for (const step of unit.definition.steps) {
        if (!isRunning(unit)) return;
        if (unit.step(step.id).status !== 'pending') continue;
        if (await this.tryStart(unit, step, causationId)) progressed = true;
      }
    }
    await this.completeIfDone(unit);
  }

  /** True when the step left `pending` in a way that may unblock others (skipped or failed). */
  private async tryStart(unit: RunUnit, step: StepDefinition, causationId: string): Promise<boolean> {
    const verdict = readiness(step, unit.byId, unit.steps);
    if (verdict === 'waiting') return false;
    if (verdict === 'blocked') {
      unit.updateStep(step.id, { status: 'cancelled', finishedAt: new Date() });
      unit.record('step.cancelled', step.id, { reason: 'a dependency will never complete' });
      return true;
    }
    const scope = expressionScope(unit.run.input, unit.steps);
    try {
      if (step.when !== undefined && !(await this.expressions.test(step.when, scope))) {
        unit.updateStep(step.id, { status: 'skipped', finishedAt: new Date() });
        unit.record('step.skipped', step.id, { when: step.when });
        return true;
      }
      const input =
        step.input === undefined ? unit.run.input : await this.expressions.evaluate(step.input, scope);
      this.dispatch(unit, step, input, causationId);
      return false;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      await this.failAttempt(
        unit,
        step.id,
        { code: error.code, message: error.message, retryable: false },
        causationId,
      );
      return true;
    }
  }

  dispatch(unit: RunUnit, step: StepDefinition, input: unknown, causationId: string): void {
    const attempt = unit.step(step.id).attempt + 1;
    const deadline =
      step.timeoutMs === undefined ? undefined : new Date(Date.now() + step.timeoutMs).toISOString();
    const envelope = this.dispatcher.sendTask(unit, step.id, step, input, attempt, causationId, deadline);
    unit.updateStep(step.id, {
      status: 'dispatched',
      attempt,
      taskId: envelope.id,
      input,
      dispatchedAt: new Date(),
      finishedAt: null,
    });
    if (step.timeoutMs !== undefined) unit.schedule(step.id, 'timeout', attempt, step.timeoutMs);
    unit.record('step.dispatched', step.id, { attempt, taskId: envelope.id, capability: step.capability });
  }

  /** One attempt failed: retry by policy, or fail the step and apply its `onFailure`. */
  async failAttempt(unit: RunUnit, stepId: string, error: StepErrorView, causationId: string): Promise<void> {
    const step = unit.byId.get(stepId);
    const record = unit.step(stepId);
    if (!step) return;
    unit.clearTimers(stepId);
    if (shouldRetry(step.retry, record.attempt, error)) {
      const delayMs = backoffMs(step.retry, record.attempt);
      unit.updateStep(stepId, { status: 'retry_scheduled', error });
      unit.schedule(stepId, 'retry', record.attempt, delayMs);
      unit.record('step.retry_scheduled', stepId, { attempt: record.attempt, delayMs, error });
      return;
    }
    unit.fail(stepId, error);
    unit.record('step.failed', stepId, { attempt: record.attempt, error });
    switch (onFailureOf(step)) {
      case 'continue':
        return;
      case 'fail':
        this.failRun(unit, stepId, error);
        return;
      case 'compensate':
        await this.compensation.begin(unit, stepId, error, causationId);
        return;
    }
  }

  failRun(unit: RunUnit, stepId: string, error: StepErrorView): void {
    this.dispatcher.stopOpenSteps(unit, 'run failed');
    unit.updateRun({
      status: 'failed',
      error: { ...error, details: { ...asObject(error.details), stepId } },
    });
    unit.record('run.failed', stepId, { error });
  }

  private async completeIfDone(unit: RunUnit): Promise<void> {
    const { run, definition } = unit;
    if (run.status !== 'running') return;
    for (const record of unit.steps.values()) if (!isSettled(record.status)) return;
    try {
      const scope = expressionScope(run.input, unit.steps);
      const output =
        definition.output === undefined
          ? defaultOutput(definition, unit.steps)
          : await this.expressions.evaluate(definition.output, scope);
      unit.updateRun({ status: 'succeeded', output });
      unit.record('run.succeeded');
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      unit.updateRun({
        status: 'failed',
        error: {
          code: error.code === 'EXPRESSION_ERROR' ? 'OUTPUT_ERROR' : error.code,
          message: error.message,
          retryable: false,
        },
      });
      unit.record('run.failed', null, { error: error.message });
    }
  }

  isTerminal(unit: RunUnit): boolean {
    return TERMINAL_RUN_STATUSES.includes(unit.run.status);
  }

  hasWorkInFlight(unit: RunUnit): boolean {
    return [...unit.steps.values()].some((s) => isInFlight(s.status));
  }

  logIgnored(unit: RunUnit, stepId: string, reason: string): void {
    this.logger.log(`run ${unit.run.id} step ${stepId}: ${reason}`);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A function, not an inline check: the run's status changes inside loops that TypeScript narrows. */
function isRunning(unit: RunUnit): boolean {
  return unit.run.status === 'running';
}
