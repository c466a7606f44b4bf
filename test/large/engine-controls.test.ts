import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { createEnvelope, MessageTypes } from '@ensemble/contracts';
import type { AgentCredentials } from '@ensemble/contracts';
import { agentUrl, declareAgent } from '../support/agents';
import { runHelpers, type RunHelpers } from '../support/run-history';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { startTestFleet, type GatewayClient, type TestFleet } from '../support/test-fleet';
import { twoStepData, waitsForNobody } from '../support/workflows';

jest.setTimeout(240_000);

describe('workflow engine controls over the gateway', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let gw: GatewayClient;
  let nobody: AgentCredentials;
  let start: RunHelpers['start'];
  let steps: RunHelpers['steps'];
  let history: RunHelpers['history'];

  beforeAll(async () => {
    t = createTestEnv('controls');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
    nobody = await declareAgent(f.gateway, 'nobody', ['nobody']);
    gw = f.gateway;
    ({ start, steps, history } = runHelpers(gw));
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('cancels a run; a late result is recorded but changes nothing', async () => {
    const runId = await start(waitsForNobody('cancel-me', 60_000));
    await eventually(
      async () =>
        steps(await gw.runUntil(runId, ['running'])).wait.status === 'dispatched' ? true : undefined,
      'dispatch',
    );
    const cancelled = await gw.request('POST', `/runs/${runId}/cancel`, { reason: 'operator said so' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await gw.request('POST', `/runs/${runId}/cancel`)).status).toBe(409);

    const dispatch = (await history(runId)).find((e) => e.type === 'step.dispatched');
    await publishResult(t, nobody, runId, 'wait', String(dispatch?.data?.taskId));
    await eventually(
      async () => ((await history(runId)).some((e) => e.type === 'step.result_ignored') ? true : undefined),
      'late result',
    );
    const run = (await gw.request('GET', `/runs/${runId}`)).body;
    expect(run.status).toBe('cancelled');
    expect(steps(run).wait.status).toBe('cancelled');
    for (const agent of ['data-agent', 'validation-agent', 'decision-agent', 'coordinator-agent']) {
      await eventually(
        () =>
          Promise.resolve(
            readFileSync(f.fleet.logPath(agent), 'utf8').includes(`cancel of run ${runId} step wait`) ||
              undefined,
          ),
        `${agent} to hear the cancellation`,
        10_000,
      );
    }
  });

  it('dispatches nothing while paused and carries on after resume', async () => {
    const runId = await start(
      waitsForNobody('pause-me', 1500, { onFailure: 'continue', retry: { maxAttempts: 1 } }),
    );
    expect((await gw.request('POST', `/runs/${runId}/pause`)).body.status).toBe('paused');
    await eventually(
      async () => ((await history(runId)).some((e) => e.type === 'step.timed_out') ? true : undefined),
      'the timeout',
    );
    await new Promise((r) => setTimeout(r, 500));
    let run = (await gw.request('GET', `/runs/${runId}`)).body;
    expect(run.status).toBe('paused');
    expect(steps(run).after.status).toBe('pending');
    expect((await gw.request('POST', `/runs/${runId}/resume`)).status).toBe(200);
    run = await gw.runUntil(runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(steps(run).after.status).toBe('succeeded');
  });

  it('dispatches nothing while paused even when a timeout and a retry timer fire, and resumes them after', async () => {
    const runId = await start(
      waitsForNobody('pause-timers', 1500, {
        onFailure: 'continue',
        retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 200, jitter: false },
      }),
    );
    await eventually(
      async () => ((await gw.request('GET', `/runs/${runId}`)).body.status === 'running' ? true : undefined),
      'the run to start',
    );
    expect((await gw.request('POST', `/runs/${runId}/pause`)).body.status).toBe('paused');
    // The timeout fires (retry scheduled), then the retry timer fires and leaves the step pending.
    await eventually(
      async () =>
        steps((await gw.request('GET', `/runs/${runId}`)).body).wait.status === 'pending' ? true : undefined,
      'the retry timer to fire during the pause',
    );
    const paused = await history(runId);
    const pausedAt = paused.findIndex((e) => e.type === 'run.paused');
    expect(paused.slice(pausedAt).map((e) => e.type)).toEqual([
      'run.paused',
      'step.timed_out',
      'step.retry_scheduled',
    ]);

    expect((await gw.request('POST', `/runs/${runId}/resume`)).status).toBe(200);
    const run = await gw.runUntil(runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(steps(run).wait).toMatchObject({ status: 'failed', attempt: 2 });
    const events = await history(runId);
    const resumedAt = events.findIndex((e) => e.type === 'run.resumed');
    const dispatches = events.flatMap((e, i) =>
      e.type === 'step.dispatched' && e.stepId === 'wait' ? [i] : [],
    );
    expect(dispatches).toHaveLength(2);
    expect(dispatches[0]).toBeLessThan(pausedAt);
    expect(dispatches[1]).toBeGreaterThan(resumedAt);
  });

  it('retries from failed in a new run that keeps the successful outputs', async () => {
    const definition = {
      name: 'needs-rule-set',
      steps: [
        { id: 'clean', capability: 'data', action: 'normalize', input: 'input' },
        {
          id: 'check',
          capability: 'validation',
          dependsOn: ['clean'],
          input: 'steps.clean.output',
          params: { ruleSet: 'late-rules' },
        },
      ],
    };
    const runId = await start(definition, { amount: ' 7 ' });
    const failed = await gw.runUntil(runId, ['failed']);
    expect(steps(failed).check.error?.code).toBe('RULE_SET_NOT_FOUND');

    const ruleSet = await gw.request('POST', '/rule-sets', {
      name: 'late-rules',
      activate: true,
      body: { rules: [{ id: 'positive', all: [{ path: 'amount', op: 'gt', value: 0 }] }] },
    });
    expect(ruleSet.status).toBe(201);
    const retried = await gw.request('POST', `/runs/${runId}/retry`);
    expect(retried.status).toBe(200);
    const newRunId = String(retried.body.id);
    expect(newRunId).not.toBe(runId);
    const run = await gw.runUntil(newRunId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(steps(run).clean).toMatchObject({ status: 'succeeded', attempt: 1, output: { amount: 7 } });
    expect(steps(run).check.output).toMatchObject({ valid: true });
    expect(
      (await history(newRunId)).filter((e) => e.type === 'step.dispatched').map((e) => e.stepId),
    ).toEqual(['check']);
    expect((await gw.request('GET', `/runs/${runId}`)).body.status).toBe('failed');
  });

  it('lists runs filtered by status and workflow, paginated', async () => {
    const name = 'list-filters';
    const failing = {
      name,
      steps: [{ id: 'bad', capability: 'data', action: 'transform', params: { expression: '$nosuch(' } }],
    };
    const failed = [await start(failing), await start(failing), await start(failing)];
    await Promise.all(failed.map((id) => gw.runUntil(id, ['failed'])));
    const other = await start(twoStepData('list-filters-other'), { a: 1 });
    await gw.runUntil(other, ['succeeded']);

    type Page = { items: { id: string; status: string; workflow: string }[]; nextCursor: string | null };
    const page1 = await gw.request<Page>('GET', `/runs?status=failed&workflow=${name}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await gw.request<Page>(
      'GET',
      `/runs?status=failed&workflow=${name}&limit=2&cursor=${page1.body.nextCursor ?? ''}`,
    );
    expect(page2.body.nextCursor).toBeNull();
    const listed = [...page1.body.items, ...page2.body.items];
    expect(listed.map((r) => r.id).sort()).toEqual([...failed].sort());
    expect(listed.every((r) => r.status === 'failed' && r.workflow === name)).toBe(true);

    const byStatus = await gw.request<Page>('GET', '/runs?status=succeeded&limit=100');
    expect(byStatus.body.items.map((r) => r.id)).toContain(other);
    expect(byStatus.body.items.every((r) => r.status === 'succeeded')).toBe(true);
    const byWorkflow = await gw.request<Page>('GET', '/runs?workflow=list-filters-other');
    expect(byWorkflow.body.items.map((r) => [r.id, r.workflow])).toEqual([[other, 'list-filters-other']]);

    // A run started between two page reads is newer than the cursor: no run repeats, none is skipped.
    const before = await gw.request<Page>('GET', `/runs?workflow=${name}&limit=2`);
    const startedBetween = await start(failing);
    const after = await gw.request<Page>(
      'GET',
      `/runs?workflow=${name}&limit=2&cursor=${before.body.nextCursor ?? ''}`,
    );
    const paged = [...before.body.items, ...after.body.items].map((r) => r.id);
    expect(paged).not.toContain(startedBetween);
    expect([...paged].sort()).toEqual([...failed].sort());
    await gw.runUntil(startedBetween, ['failed']);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});

/** A late result from the agent entitled to the step (the `nobody` capability's principal). */
async function publishResult(
  t: TestEnv,
  agent: AgentCredentials,
  runId: string,
  stepId: string,
  taskId: string,
): Promise<void> {
  const connection = await amqp.connect(agentUrl(t, agent));
  connection.on('error', () => undefined);
  const channel = await connection.createConfirmChannel();
  const id = randomUUID();
  const envelope = createEnvelope(
    MessageTypes.agents.stepResult,
    {
      runId,
      stepId,
      attempt: 1,
      taskId,
      outcome: 'succeeded',
      output: { late: true },
      agentId: 'test',
      durationMs: 1,
    },
    { tenantId: 'default', correlationId: id, causationId: id, runId, stepId },
  );
  channel.sendToQueue(`${t.prefix}.orchestrator.results`, Buffer.from(JSON.stringify(envelope)), {
    persistent: true,
    userId: agent.broker.username,
  });
  await channel.waitForConfirms();
  await connection.close();
}
