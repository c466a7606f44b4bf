import { Client } from 'pg';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { example, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(180_000);

describe('walking skeleton through the gateway', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;

  beforeAll(async () => {
    t = createTestEnv('skeleton');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('creates the workflow, runs it and shows every step output', async () => {
    const created = await f.gateway.request('POST', '/workflows', example('order-intake.workflow.json'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'order-intake', version: 1 });

    const started = await f.gateway.request('POST', '/workflows/order-intake/execute', example('order.json'));
    expect(started.status).toBe(202);
    const runId = String(started.body.runId);

    const run = await f.gateway.runUntil(runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const steps = run.steps as { stepId: string; status: string; output: Record<string, unknown> }[];
    const byId = Object.fromEntries(steps.map((s) => [s.stepId, s]));
    expect(byId.normalize.output).toMatchObject({ amount: 250, country: 'DE', email: 'ann@example.com' });
    expect(byId.validate.output).toMatchObject({ valid: true, failures: [] });
    expect(byId.decide.output).toMatchObject({ result: { route: 'auto-approve' } });
    expect(run.output).toMatchObject({ route: 'auto-approve', valid: true });
  });

  it('routes an order that breaks a rule to reject and says which rule failed', async () => {
    const started = await f.gateway.request('POST', '/workflows/order-intake/execute', {
      input: { order: { amount: '-5', country: 'xx' } },
    });
    const run = await f.gateway.runUntil(String(started.body.runId), ['succeeded', 'failed']);
    expect(run.output).toMatchObject({ route: 'reject', valid: false });
    const failures = (run.output as { failures: { rule: string }[] }).failures.map((x) => x.rule).sort();
    expect(failures).toEqual(['amount-positive', 'country-served']);
  });

  it('returns the same run for the same idempotency key', async () => {
    const body = { ...example('order.json'), idempotencyKey: 'order-A-1001' };
    const first = await f.gateway.request('POST', '/workflows/order-intake/execute', body);
    const second = await f.gateway.request('POST', '/workflows/order-intake/execute', body);
    expect(second.body.runId).toBe(first.body.runId);
    expect(second.body.created).toBe(false);
  });

  it('rejects input that does not match the input schema with 400 and nothing started', async () => {
    const before = await countRuns(t);
    const reply = await f.gateway.request('POST', '/workflows/order-intake/execute', {
      input: { nothing: true },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.errors).toEqual([{ path: 'input.order', message: 'is required' }]);
    expect(await countRuns(t)).toBe(before);
  });

  it('names the exact step and field of an invalid definition', async () => {
    const reply = await f.gateway.request('POST', '/workflows', {
      name: 'broken',
      steps: [
        { id: 'a', capability: 'data', dependsOn: ['b'] },
        { id: 'b', capability: 'data', dependsOn: ['a'], when: 'input.(' },
      ],
    });
    expect(reply.status).toBe(400);
    const text = JSON.stringify(reply.body);
    expect(text).toContain('steps[1].when');
    expect(text).toMatch(/cycle/);
  });

  it('records the correlation id of the request in every app that handled the run', async () => {
    const correlationId = `corr-${Date.now()}`;
    const started = await f.gateway.request(
      'POST',
      '/workflows/order-intake/execute',
      example('order.json'),
      {
        'x-correlation-id': correlationId,
      },
    );
    await f.gateway.runUntil(String(started.body.runId), ['succeeded']);
    const { readFileSync } = await import('node:fs');
    for (const app of ['gateway', 'orchestrator', 'data-agent', 'validation-agent', 'decision-agent']) {
      expect(readFileSync(f.fleet.logPath(app), 'utf8')).toContain(correlationId);
    }
  });

  it('counts the runs, steps, requests and agents it served in each app’s metrics', async () => {
    const started = await f.gateway.request('POST', '/workflows/order-intake/execute', example('order.json'));
    await f.gateway.runUntil(String(started.body.runId), ['succeeded']);
    const scrape = async (app: string): Promise<string> =>
      (await fetch(`${f.fleet.url(app)}/metrics`)).text();
    const value = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
    };

    const orchestrator = await scrape('orchestrator');
    expect(
      value(orchestrator, 'ensemble_runs_started_total{workflow="order-intake"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(orchestrator, 'ensemble_runs_finished_total{workflow="order-intake",status="succeeded"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(orchestrator, 'ensemble_step_duration_seconds_count{capability="decision",outcome="succeeded"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value(orchestrator, 'ensemble_outbox_messages')).toBeGreaterThanOrEqual(0);
    expect(value(orchestrator, 'ensemble_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);

    const gateway = await scrape('gateway');
    expect(
      value(
        gateway,
        'ensemble_http_request_duration_seconds_count{method="POST",route="/api/v1/workflows/:name/execute",status="202"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(gateway, 'ensemble_rpc_duration_seconds_count{type="run.start.v1",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(gateway).not.toContain(String(started.body.runId));

    // The fleet's four agent apps, each counted in some health once its announcement (at start,
    // or the next heartbeat if the registry's queue was not there yet) is recorded.
    const agents = await eventually(
      async () => {
        const registry = await scrape('registry');
        const counts = ['healthy', 'unhealthy', 'draining', 'offline'].map((health) =>
          value(registry, `ensemble_agents{health="${health}"}`),
        );
        return counts.reduce((a, b) => a + b, 0) === 4 ? counts : undefined;
      },
      'four agents in the registry gauge',
      15_000,
      500,
    );
    expect(agents[0]).toBeGreaterThanOrEqual(1);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});

async function countRuns(t: TestEnv): Promise<number> {
  const c = new Client({
    host: t.config.PGHOST,
    port: t.config.PGPORT,
    user: 'postgres',
    database: t.database,
  });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM orchestrator.runs');
    return Number(r.rows[0]?.n);
  } finally {
    await c.end();
  }
}
