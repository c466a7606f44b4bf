import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { createEnvelope, MessageTypes } from '@ensemble/contracts';
import type { AgentCredentials } from '@ensemble/contracts';
import { agentUrl, declareAgent } from '../support/agents';
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
}

describe('workflow engine controls over the gateway', () => {
  let t: TestEnv;
  let f: TestFleet;
  let gw: GatewayClient;
  let nobody: AgentCredentials;

  beforeAll(async () => {
    t = createTestEnv('controls');
    f = await startTestFleet(t);
    nobody = await declareAgent(f.gateway, 'nobody', ['nobody']);
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
    const dispatched = (await history(runId))
      .filter((e) => e.type === 'step.dispatched')
      .map((e) => e.stepId);
    expect(dispatched.slice(0, 2).sort()).toEqual(['a', 'b']);
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

  it('times out a step nobody serves, retries it by policy, then fails the run', async () => {
    const runId = await start(
      waitsForNobody('times-out', 300, { retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 100 } }),
    );
    const run = await gw.runUntil(runId, ['failed'], 30_000);
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
    const page1 = await gw.request<{ items: { workflow: string }[]; nextCursor: string | null }>(
      'GET',
      '/runs?status=failed&limit=2',
    );
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await gw.request<{ items: unknown[] }>(
      'GET',
      `/runs?status=failed&limit=2&cursor=${page1.body.nextCursor ?? ''}`,
    );
    expect(page2.body.items.length).toBeGreaterThan(0);
    const byWorkflow = await gw.request<{ items: { workflow: string }[] }>('GET', '/runs?workflow=saga');
    expect(byWorkflow.body.items.map((r) => r.workflow)).toEqual(['saga']);
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
