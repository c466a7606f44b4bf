import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { example, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(240_000);

/**
 * The validation agent commits its effect and result, then holds the task unacked; we kill -9
 * it in that window. RabbitMQ redelivers the task to the restarted agent, whose inbox sees it was
 * applied: the run completes and the effect exists exactly once.
 */
describe('an agent killed while it holds an unacked task', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let db: Client;

  beforeAll(async () => {
    t = createTestEnv('crash');
    f = await startTestFleet(t, { 'validation-agent': { CHAOS_HOLD_BEFORE_ACK_MS: '60000' } });
    conformance = await OpenApiConformance.watch(f.gateway);
    db = new Client({ host: t.config.PGHOST, port: t.config.PGPORT, user: 'postgres', database: t.database });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  it('completes the run after a restart with each step effect recorded exactly once', async () => {
    await f.gateway.request('POST', '/workflows', example('order-intake.workflow.json'));
    const started = await f.gateway.request('POST', '/workflows/order-intake/execute', example('order.json'));
    const runId = String(started.body.runId);

    await eventually(
      () =>
        Promise.resolve(
          /task [0-9a-f-]+ succeeded/.test(readFileSync(f.fleet.logPath('validation-agent'), 'utf8')) ||
            undefined,
        ),
      'the validation agent to commit its task',
    );
    await f.fleet.kill('validation-agent');

    await f.fleet.start('validation-agent', { CHAOS_HOLD_BEFORE_ACK_MS: '0' });
    const run = await f.gateway.runUntil(runId, ['succeeded', 'failed'], 90_000);
    expect(run.status).toBe('succeeded');

    for (const schema of ['data', 'validation', 'decision']) {
      const effects = await db.query<{ step_id: string; n: string }>(
        `SELECT step_id, count(*) AS n FROM ${schema}.task_executions WHERE run_id = $1 GROUP BY step_id`,
        [runId],
      );
      expect(effects.rows.map((r) => Number(r.n))).toEqual([1]);
    }
    const steps = await db.query<{ step_id: string; attempt: number; status: string }>(
      'SELECT step_id, attempt, status FROM orchestrator.step_runs WHERE run_id = $1 ORDER BY step_id',
      [runId],
    );
    expect(steps.rows).toEqual([
      { step_id: 'decide', attempt: 1, status: 'succeeded' },
      { step_id: 'normalize', attempt: 1, status: 'succeeded' },
      { step_id: 'validate', attempt: 1, status: 'succeeded' },
    ]);
    const redelivered = readFileSync(f.fleet.logPath('validation-agent'), 'utf8');
    expect(redelivered).toMatch(/already applied; acknowledging the duplicate/);
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});
