import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { createEnvelope, MessageTypes } from '@ensemble/contracts';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { startTestFleet, type GatewayClient, type TestFleet } from '../support/test-fleet';
import { twoStepData, waitsForNobody } from '../support/workflows';

jest.setTimeout(240_000);

interface Step {
  stepId: string;
  status: string;
  attempt: number;
  output: unknown;
  error: { code: string } | null;
}
interface HistoryEvent {
  type: string;
  stepId: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

describe('workflow engine controls over the gateway', () => {
  let t: TestEnv;
  let f: TestFleet;
  let gw: GatewayClient;

  beforeAll(async () => {
    t = createTestEnv('controls');
    f = await startTestFleet(t);
    gw = f.gateway;
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  const start = async (workflow: object, input: unknown = { x: ' 1 ' }): Promise<string> => {
    const created = await gw.request('POST', '/workflows', workflow);
    expect(created.status).toBe(201);
    const name = (workflow as { name: string }).name;
    const started = await gw.request('POST', `/workflows/${name}/execute`, { input });
    expect(started.status).toBe(202);
    return String(started.body.runId);
  };
  const steps = (run: Record<string, unknown>): Record<string, Step> =>
    Object.fromEntries((run.steps as Step[]).map((s) => [s.stepId, s]));
  const history = async (runId: string): Promise<HistoryEvent[]> =>
    (await gw.request<HistoryEvent[]>('GET', `/runs/${runId}/history`)).body;

  it('runs independent steps in parallel and joins them', async () => {
    const runId = await start(
      {
        name: 'fan-in',
        steps: [
          { id: 'a', capability: 'data', action: 'normalize', input: 'input.a' },
          { id: 'b', capability: 'data', action: 'normalize', input: 'input.b' },
          {
            id: 'sum',
            capability: 'coordination',
            action: 'aggregate',
            dependsOn: ['a', 'b'],
            input: '[steps.a.output, steps.b.output]',
            params: { op: 'sum' },
          },
        ],
      },
      { a: '2', b: '40' },
    );
    const run = await gw.runUntil(runId, ['succeeded', 'failed']);
    expect(steps(run).sum.output).toBe(42);
    const events = await history(runId);
    const lastIndexOf = (type: string, stepId: string): number =>
      events.findIndex((e) => e.type === type && e.stepId === stepId);
    const bothDispatched = Math.max(lastIndexOf('step.dispatched', 'a'), lastIndexOf('step.dispatched', 'b'));
    const firstResult = events.findIndex((e) => e.type === 'step.succeeded');
    expect(lastIndexOf('step.dispatched', 'a')).toBeGreaterThanOrEqual(0);
    expect(lastIndexOf('step.dispatched', 'b')).toBeGreaterThanOrEqual(0);
    expect(bothDispatched).toBeLessThan(firstResult);
  });

  it('skips a step whose when condition is false', async () => {
    const runId = await start(
      {
        name: 'conditional',
        steps: [
          { id: 'big', capability: 'data', action: 'normalize', when: 'input.amount > 100' },
          { id: 'always', capability: 'data', action: 'normalize' },
        ],
      },
      { amount: 5 },
    );
    const run = await gw.runUntil(runId, ['succeeded', 'failed']);
    expect(steps(run).big.status).toBe('skipped');
    expect(steps(run).always.status).toBe('succeeded');
  });

  it('times out a step nobody serves, retries it by policy no sooner than its delay, then fails the run', async () => {
    const delayMs = 1000;
    const runId = await start(
      waitsForNobody('times-out', 300, {
        retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: delayMs, jitter: false },
      }),
    );
    const run = await gw.runUntil(runId, ['failed'], 30_000);
    const events = await history(runId);
    const scheduled = events.filter((e) => e.type === 'step.retry_scheduled');
    const dispatchedAt = events.filter((e) => e.type === 'step.dispatched').map((e) => Date.parse(e.at));
    expect(scheduled.map((e) => e.data?.delayMs)).toEqual([delayMs, delayMs]);
    scheduled.forEach((retry, i) => {
      expect(dispatchedAt[i + 1] - Date.parse(retry.at)).toBeGreaterThanOrEqual(delayMs);
    });
    expect(steps(run).wait).toMatchObject({ status: 'failed', attempt: 3, error: { code: 'STEP_TIMEOUT' } });
    expect(steps(run).after.status).toBe('cancelled');
    const types = (await history(runId)).map((e) => e.type);
    expect(types.filter((x) => x === 'step.timed_out')).toHaveLength(3);
    expect(types.filter((x) => x === 'step.retry_scheduled')).toHaveLength(2);
    expect(types.at(-1)).toBe('run.failed');
  });

  it('fails at once on a non-retryable error whatever attempts remain', async () => {
    const runId = await start({
      name: 'bad-expression',
      steps: [
        {
          id: 'transform',
          capability: 'data',
          action: 'transform',
          params: { expression: '$nosuchfunction(' },
          retry: { maxAttempts: 5 },
        },
      ],
    });
    const run = await gw.runUntil(runId, ['failed']);
    expect(steps(run).transform).toMatchObject({ attempt: 1, status: 'failed' });
    expect(run.error).toMatchObject({ retryable: false });
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
    await publishResult(t, runId, 'wait', String(dispatch?.data?.taskId));
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

  it('compensates completed steps in reverse order when a step fails with onFailure compensate', async () => {
    const undo = { capability: 'data', action: 'normalize', input: "{ 'undo': true }" };
    const runId = await start({
      name: 'saga',
      steps: [
        { id: 'reserve', capability: 'data', action: 'normalize', compensate: undo },
        { id: 'charge', capability: 'data', action: 'normalize', dependsOn: ['reserve'], compensate: undo },
        {
          id: 'ship',
          capability: 'data',
          action: 'transform',
          dependsOn: ['charge'],
          params: { expression: '$error("carrier down")' },
          onFailure: 'compensate',
        },
      ],
    });
    const run = await gw.runUntil(runId, ['failed']);
    expect(steps(run).reserve.status).toBe('compensated');
    expect(steps(run).charge.status).toBe('compensated');
    const order = (await history(runId)).filter((e) => e.type === 'step.compensated').map((e) => e.stepId);
    expect(order).toEqual(['charge', 'reserve']);
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
  });

  it('keeps a running run on the version it started with', async () => {
    const v1 = twoStepData('versioned');
    await gw.request('POST', '/workflows', v1);
    const v2 = await gw.request('POST', '/workflows', { ...v1, description: 'second version' });
    expect(v2.body.version).toBe(2);
    const started = await gw.request('POST', '/workflows/versioned/execute', { input: { a: 1 }, version: 1 });
    const run = await gw.runUntil(String(started.body.runId), ['succeeded']);
    expect(run.version).toBe(1);
  });
});

async function publishResult(t: TestEnv, runId: string, stepId: string, taskId: string): Promise<void> {
  const connection = await amqp.connect(t.config.AMQP_URL);
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
  });
  await channel.waitForConfirms();
  await connection.close();
}
