import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEnsembleClient, type components, type EnsembleClient } from '@ensemble/client';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(180_000);

type Schemas = components['schemas'];

/** Reads a README example, proving it is what the served document says the route takes. */
function exampleOf<T>(conformance: OpenApiConformance, file: string, schema: string): T {
  const value: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'docs', 'examples', file), 'utf8'),
  );
  if (!conformance.fits<T>(schema)(value)) throw new Error(`${file} is not a ${schema}`);
  return value;
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}

/**
 * The README's walkthrough through the client generated from the OpenAPI document, with no
 * casts: if the document mistyped a response, this would not compile or would fail here.
 */
describe('the README walkthrough through the generated client', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let admin: EnsembleClient;

  beforeAll(async () => {
    t = createTestEnv('client');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
    admin = createEnsembleClient({
      baseUrl: f.gateway.baseUrl,
      apiKey: f.apiKey,
      fetch: conformance.fetchFor(),
    });
  });

  afterAll(async () => {
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('lists agents, creates a key and a workflow, runs it, and reads the run and its history', async () => {
    const agents = await eventually(async () => {
      const { data } = await admin.GET('/api/v1/agents', { params: { query: { limit: 50 } } });
      return data && data.items.length >= 4 ? data : undefined;
    }, 'the agents to register');
    expect(agents.items.map((a) => a.capabilities).flat()).toEqual(
      expect.arrayContaining(['data', 'validation']),
    );

    const key = await admin.POST('/api/v1/api-keys', { body: { name: 'walkthrough', role: 'operator' } });
    expect(key.response.status).toBe(201);
    const operator = createEnsembleClient({
      baseUrl: f.gateway.baseUrl,
      apiKey: present(key.data, 'key').key,
      fetch: conformance.fetchFor(),
    });
    const me = await operator.GET('/api/v1/auth/me');
    expect(present(me.data, 'me').role).toBe('operator');

    const created = await operator.POST('/api/v1/workflows', {
      body: exampleOf<Schemas['WorkflowDefinition']>(
        conformance,
        'order-intake.workflow.json',
        'WorkflowDefinition',
      ),
    });
    expect(created.response.status).toBe(201);
    expect(present(created.data, 'workflow')).toMatchObject({ name: 'order-intake', version: 1 });

    const started = await operator.POST('/api/v1/workflows/{name}/execute', {
      params: { path: { name: 'order-intake' }, header: { 'Idempotency-Key': 'order-A-1001' } },
      body: exampleOf<Schemas['ExecuteWorkflowDto']>(conformance, 'order.json', 'ExecuteWorkflowDto'),
    });
    expect(started.response.status).toBe(202);
    const { runId, links } = present(started.data, 'run');
    expect(started.response.headers.get('location')).toBe(links.self);

    const run = await eventually(async () => {
      const { data } = await operator.GET('/api/v1/runs/{id}', { params: { path: { id: runId } } });
      return data && ['succeeded', 'failed'].includes(data.status) ? data : undefined;
    }, `run ${runId} to finish`);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({
      order: { id: 'A-1001', amount: 250, country: 'DE', email: 'ann@example.com' },
      valid: true,
      failures: [],
      route: 'auto-approve',
    });
    expect(run.steps.map((s) => [s.stepId, s.status, s.error])).toEqual([
      ['normalize', 'succeeded', null],
      ['validate', 'succeeded', null],
      ['decide', 'succeeded', null],
    ]);

    const history = await operator.GET('/api/v1/runs/{id}/history', { params: { path: { id: runId } } });
    const types = present(history.data, 'history').map((e) => e.type);
    expect(types[0]).toBe('run.started');
    expect(types).toContain('run.succeeded');

    const again = await operator.POST('/api/v1/workflows/{name}/execute', {
      params: { path: { name: 'order-intake' }, header: { 'Idempotency-Key': 'order-A-1001' } },
      body: exampleOf<Schemas['ExecuteWorkflowDto']>(conformance, 'order.json', 'ExecuteWorkflowDto'),
    });
    expect(present(again.data, 'run')).toMatchObject({ runId, created: false });

    const listed = await operator.GET('/api/v1/runs', {
      params: { query: { status: 'succeeded', workflow: 'order-intake', limit: 20 } },
    });
    expect(present(listed.data, 'runs').items.map((r) => r.id)).toContain(runId);
  });

  it('types the errors as problems: a finished run cannot be cancelled, an unknown one is not found', async () => {
    const started = await admin.POST('/api/v1/workflows/{name}/execute', {
      params: { path: { name: 'order-intake' } },
      body: { input: { order: { amount: '-5', country: 'xx' } } },
    });
    const runId = present(started.data, 'run').runId;
    const run = await eventually(async () => {
      const { data } = await admin.GET('/api/v1/runs/{id}', { params: { path: { id: runId } } });
      return data && data.status !== 'running' ? data : undefined;
    }, `run ${runId} to finish`);
    expect(run.output).toMatchObject({ route: 'reject', valid: false });

    const cancelled = await admin.POST('/api/v1/runs/{id}/cancel', { params: { path: { id: runId } } });
    expect(cancelled.response.status).toBe(409);
    expect(present(cancelled.error, 'problem')).toMatchObject({ status: 409, code: 'INVALID_STATE' });

    const missing = await admin.GET('/api/v1/runs/{id}', { params: { path: { id: randomUUID() } } });
    expect(present(missing.error, 'problem').code).toBe('NOT_FOUND');

    // No body at all: the input is {}, which the workflow's inputSchema refuses.
    const invalid = await admin.POST('/api/v1/workflows/{name}/execute', {
      params: { path: { name: 'order-intake' } },
    });
    const problem = present(invalid.error, 'problem');
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'input.order', message: 'is required' }]);
  });

  itAnsweredAsTheDocumentSays(() => conformance, 11);
});
