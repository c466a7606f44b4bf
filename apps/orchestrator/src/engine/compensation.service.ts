import { Injectable } from '@nestjs/common';
import type { StepErrorView, StepResultPayload } from '@ensemble/contracts';
import { Dispatcher } from './dispatcher';
import { ExpressionError, Expressions } from './expressions';
import { expressionScope } from './run-state';
import type { RunUnit } from './run-unit';

/**
 * Saga rollback: after a step fails with `onFailure: compensate`, each succeeded step that has a
 * `compensate` task is undone, most recently finished first, one at a time. The run then fails.
 * The queue is derived from step state, so a restart resumes exactly where it stopped.
 */
@Injectable()
export class CompensationService {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly expressions: Expressions,
  ) {}

  async begin(unit: RunUnit, failedStepId: string, error: StepErrorView, causationId: string): Promise<void> {
    this.dispatcher.stopOpenSteps(unit, 'run is compensating');
    unit.updateRun({ status: 'compensating', error: { ...error, details: { stepId: failedStepId } } });
    unit.record('run.compensating', failedStepId, { error });
    await this.next(unit, causationId);
  }

  async onResult(unit: RunUnit, result: StepResultPayload, causationId: string): Promise<void> {
    if (result.outcome === 'succeeded') {
      unit.updateStep(result.stepId, { status: 'compensated', finishedAt: new Date() });
      unit.record('step.compensated', result.stepId, { taskId: result.taskId });
    } else {
      const error = result.error ?? { code: 'UNKNOWN', message: 'compensation failed', retryable: false };
      unit.updateStep(result.stepId, { status: 'failed', error, finishedAt: new Date() });
      unit.record('step.compensation_failed', result.stepId, { error });
    }
    await this.next(unit, causationId);
  }

  private async next(unit: RunUnit, causationId: string): Promise<void> {
    const candidate = [...unit.steps.values()]
      .filter((r) => r.status === 'succeeded' && unit.byId.get(r.stepId)?.compensate !== undefined)
      .sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0))
      .at(0);
    if (!candidate) {
      unit.updateRun({ status: 'failed' });
      unit.record('run.failed', null, {
        compensated: [...unit.steps.values()].filter((r) => r.status === 'compensated').map((r) => r.stepId),
      });
      return;
    }
    const spec = unit.byId.get(candidate.stepId)?.compensate;
    if (!spec) return;
    let input: unknown = candidate.output;
    try {
      if (spec.input !== undefined)
        input = await this.expressions.evaluate(spec.input, expressionScope(unit.run.input, unit.steps));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      unit.updateStep(candidate.stepId, {
        status: 'failed',
        error: { code: error.code, message: error.message, retryable: false },
      });
      unit.record('step.compensation_failed', candidate.stepId, { error: error.message });
      await this.next(unit, causationId);
      return;
    }
    const envelope = this.dispatcher.sendTask(unit, candidate.stepId, spec, input, 1, causationId);
    unit.updateStep(candidate.stepId, {
      status: 'compensating',
      taskId: envelope.id,
      dispatchedAt: new Date(),
    });
    unit.record('step.compensation_dispatched', candidate.stepId, { taskId: envelope.id });
  }
}
