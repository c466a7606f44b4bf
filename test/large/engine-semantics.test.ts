import { runHelpers, type RunHelpers } from '../support/run-history';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { declareAgent } from '../support/agents';
import { startTestFleet, type GatewayClient, type TestFleet } from '../support/test-fleet';
import { twoStepData, waitsForNobody } from '../support/workflows';

jest.setTimeout(240_000);

describe('workflow engine semantics over the gateway', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let gw: GatewayClient;
  let start: RunHelpers['start'];
  let steps: RunHelpers['steps'];
  let history: RunHelpers['history'];

  beforeAll(async () => {
    t = createTestEnv('semantics');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
    await declareAgent(f.gateway, 'nobody', ['nobody']);
    gw = f.gateway;
    ({ start, steps, history } = runHelpers(gw));
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

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

  it('keeps a running run on the version it started with', async () => {
    const v1 = twoStepData('versioned');
    await gw.request('POST', '/workflows', v1);
    const v2 = await gw.request('POST', '/workflows', { ...v1, description: 'second version' });
    expect(v2.body.version).toBe(2);
    const started = await gw.request('POST', '/workflows/versioned/execute', { input: { a: 1 }, version: 1 });
    const run = await gw.runUntil(String(started.body.runId), ['succeeded']);
    expect(run.version).toBe(1);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
