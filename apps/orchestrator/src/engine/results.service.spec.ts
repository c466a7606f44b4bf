import { createEnvelope, type Envelope, type StepResultPayload } from '@ensemble/contracts';
import type { Inbox, Tx } from '@ensemble/persistence';
import type { AgentGrant } from '../principals/entitlement';
import type { PrincipalsRepository } from '../principals/principals.repository';
import {
  DATA_AGENT,
  engineFixture,
  messagingSettingsFixture,
  runUnit,
  step,
  stepResult,
  TEST_PREFIX,
} from '../../../../test/factories/run-unit.factory';
import { lockedRunsFixture } from '../../../../test/factories/locked-runs.factory';
import { ORCHESTRATOR_CONSUMER, ResultsService } from './results.service';
import type { RunUnit } from './run-unit';

/** Results over in-memory runs; the inbox has already seen the ids in `seen`. */
function resultsOver(units: RunUnit[], seen: string[] = []) {
  const { locked, flushed } = lockedRunsFixture(units);
  const claims: { ids: string[]; consumer: string }[] = [];
  const inbox = {
    claimMany: (_: Tx, ids: string[], consumer: string) => {
      claims.push({ ids, consumer });
      return Promise.resolve(new Set(ids.filter((id) => !seen.includes(id))));
    },
  } as unknown as Inbox;
  const asked: string[][] = [];
  const grants = {
    grantsOf: (_: Tx, users: string[]) => {
      asked.push(users);
      return Promise.resolve(new Map<string, AgentGrant>());
    },
  } as unknown as PrincipalsRepository;
  const service = new ResultsService(
    locked,
    inbox,
    engineFixture().results,
    grants,
    messagingSettingsFixture(),
  );
  return { service, flushed, claims, asked };
}

function envelope(result: StepResultPayload): Envelope<StepResultPayload> {
  return createEnvelope('step.result.v1', result, {
    tenantId: 'acme',
    correlationId: 'corr',
    causationId: 'task',
    runId: result.runId,
  });
}

const dispatched = { status: 'dispatched' as const, attempt: 1, taskId: 'task-1' };

describe('ResultsService.apply', () => {
  it('claims the message in the inbox, applies it to the locked run and flushes it', async () => {
    const unit = runUnit([step('a')], { a: dispatched });
    const { service, flushed, claims } = resultsOver([unit]);
    const message = envelope(stepResult(unit, 'a'));

    await service.apply(message, DATA_AGENT);

    expect(claims).toEqual([{ ids: [message.id], consumer: ORCHESTRATOR_CONSUMER }]);
    expect(unit.step('a').status).toBe('succeeded');
    expect(unit.run.status).toBe('succeeded');
    expect(flushed).toEqual([[unit]]);
  });

  it('ignores a duplicate delivery the inbox has already seen', async () => {
    const unit = runUnit([step('a')], { a: dispatched });
    const message = envelope(stepResult(unit, 'a'));
    const { service, flushed } = resultsOver([unit], [message.id]);

    await service.apply(message, DATA_AGENT);

    expect(unit.step('a').status).toBe('dispatched');
    expect(unit.events).toEqual([]);
    expect(flushed).toEqual([]);
  });

  it('ignores a result for a run that does not exist', async () => {
    const unit = runUnit([step('a')], { a: dispatched });
    const { service, flushed } = resultsOver([unit]);

    await expect(
      service.apply(
        envelope(stepResult(unit, 'a', { runId: '00000000-0000-4000-8000-000000000000' })),
        DATA_AGENT,
      ),
    ).resolves.toBeUndefined();
    expect(flushed).toEqual([]);
  });

  it("records a refused sender's result in the history and applies nothing", async () => {
    const unit = runUnit([step('a')], { a: dispatched });
    const { service, flushed, asked } = resultsOver([unit]);
    const stranger = `${TEST_PREFIX}.agent.stranger`;

    await service.apply(envelope(stepResult(unit, 'a')), stranger);

    expect(asked).toEqual([[stranger]]);
    expect(unit.step('a').status).toBe('dispatched');
    expect(unit.events.map((e) => e.type)).toEqual(['step.result_rejected']);
    expect(flushed).toEqual([[unit]]);
  });

  it('looks up grants only for tenant agent principals, not for fleet agents', async () => {
    const unit = runUnit([step('a')], { a: dispatched });
    const { service, asked } = resultsOver([unit]);

    await service.apply(envelope(stepResult(unit, 'a')), DATA_AGENT);

    expect(asked).toEqual([[]]);
  });
});
