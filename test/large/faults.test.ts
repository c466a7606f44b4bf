import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { Client } from 'pg';
import { createEnvelope, MessageTypes } from '@ensemble/contracts';
import { runPool } from '../../tools/bench/stats';
import { adminDb, assertExactlyOnce, count } from '../support/db';
import { declareAgent } from '../support/agents';
import { createTestEnv, destroyTestEnv, eventually, freePort, type TestEnv } from '../support/test-env';
import { itAnsweredAsTheDocumentSays, OpenApiConformance } from '../support/openapi-conformance';
import { example, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(300_000);

/**
 * Each fault strikes while a batch of runs is in flight. Afterwards every run must reach its
 * correct terminal state and no step's effect may exist twice.
 */
describe('the engine under faults', () => {
  let t: TestEnv;
  let f: TestFleet;
  let conformance: OpenApiConformance;
  let db: Client;

  beforeAll(async () => {
    t = createTestEnv('faults');
    f = await startTestFleet(t);
    conformance = await OpenApiConformance.watch(f.gateway);
    db = await adminDb(t);
    await declareAgent(f.gateway, 'nobody', ['nobody']);
    expect((await f.gateway.request('POST', '/workflows', slowOrderWorkflow())).status).toBe(201);
  });

  afterAll(async () => {
    await db.end();
    await f.fleet.stopAll();
    await destroyTestEnv(t);
  });

  const submit = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    await runPool(n, 16, async () => {
      const reply = await f.gateway.request('POST', '/workflows/slow-order/execute', example('order.json'));
      expect(reply.status).toBe(202);
      ids.push(String(reply.body.runId));
    });
    return ids;
  };
  const settled = async (ids: string[], timeoutMs = 120_000): Promise<void> => {
    await eventually(
      async () =>
        (await count(
          db,
          `SELECT count(*) AS n FROM orchestrator.runs WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
          [ids],
        )) === ids.length
          ? true
          : undefined,
      `${ids.length} runs to succeed`,
      timeoutMs,
      250,
    );
    await assertExactlyOnce(db, ids);
  };
  /** Every run is still open when the fault strikes: each waits on a durable timer first. */
  const expectAllOpen = async (ids: string[]): Promise<void> => {
    const open = await count(
      db,
      `SELECT count(*) AS n FROM orchestrator.runs WHERE id = ANY($1::uuid[]) AND status = 'running'`,
      [ids],
    );
    expect(open).toBe(ids.length);
  };

  it('survives kill -9 of the orchestrator mid-run', async () => {
    const ids = await submit(60);
    await expectAllOpen(ids);
    await f.fleet.kill('orchestrator');
    await f.fleet.start('orchestrator');
    await settled(ids);
  });

  it('survives a RabbitMQ restart mid-run', async () => {
    const ids = await submit(60);
    await expectAllOpen(ids);
    execFileSync('rabbitmqctl', ['-q', 'stop_app'], { timeout: 60_000 });
    execFileSync('rabbitmqctl', ['-q', 'start_app'], { timeout: 60_000 });
    await settled(ids);
  });

  it('survives a Postgres restart mid-run', async () => {
    const ids = await submit(60);
    await expectAllOpen(ids);
    const version = execFileSync('bash', ['-c', 'ls /etc/postgresql | sort -V | tail -n 1'])
      .toString()
      .trim();
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], {
      timeout: 60_000,
    });
    await db.end().catch(() => undefined);
    db = await eventually(() => adminDb(t), 'Postgres to accept connections again');
    await settled(ids);
  });

  it('applies a duplicated result once and dead-letters a poison result', async () => {
    const runId = (await submit(1)).join();
    await settled([runId]);
    const original = await db.query<{ task_id: string }>(
      `SELECT task_id FROM orchestrator.step_runs WHERE run_id = $1 AND step_id = 'decide'`,
      [runId],
    );
    const taskId = original.rows[0]?.task_id ?? '';
    // Published as the decision agent, which is entitled to report the step: only the inbox stops the copy.
    const connection = await amqp.connect(f.broker.urls['decision-agent']);
    connection.on('error', () => undefined);
    const channel = await connection.createConfirmChannel();
    const results = `${t.prefix}.orchestrator.results`;
    const asAgent = { userId: `${t.prefix}.decision-agent` };
    const duplicate = createEnvelope(
      MessageTypes.agents.stepResult,
      {
        runId,
        stepId: 'decide',
        attempt: 1,
        taskId,
        outcome: 'failed',
        error: { code: 'X', message: 'late duplicate', retryable: false },
        agentId: 'test',
        durationMs: 1,
      },
      { tenantId: 'default', correlationId: randomUUID(), causationId: randomUUID() },
    );
    channel.sendToQueue(results, Buffer.from(JSON.stringify(duplicate)), asAgent);
    channel.sendToQueue(results, Buffer.from(JSON.stringify(duplicate)), asAgent);
    channel.sendToQueue(results, Buffer.from('{"type":"step.result.v1","poison":true}'), asAgent);
    const badPayload = createEnvelope(
      MessageTypes.agents.stepResult,
      { runId: 'not-a-uuid' },
      { tenantId: 'default', correlationId: 'c', causationId: 'c' },
    );
    channel.sendToQueue(results, Buffer.from(JSON.stringify(badPayload)), asAgent);
    await channel.waitForConfirms();

    await connection.close();
    // The dead letters are the orchestrator's to read.
    const reader = await amqp.connect(f.broker.urls.orchestrator);
    reader.on('error', () => undefined);
    const dlq = await reader.createChannel();
    const reasons = await eventually(async () => {
      const got: string[] = [];
      for (;;) {
        const msg = await dlq.get(`${results}.dlq`, { noAck: false });
        if (!msg) break;
        got.push(String(msg.properties.headers?.['x-ensemble-reason']));
        dlq.ack(msg);
      }
      return got.length >= 2 ? got : undefined;
    }, 'two dead letters');
    expect(reasons.join('\n')).toMatch(/invalid envelope/);
    expect(reasons.join('\n')).toMatch(/invalid step.result.v1 payload/);
    await reader.close();

    const ignored = await count(
      db,
      `SELECT count(*) AS n FROM orchestrator.run_events WHERE run_id = $1 AND type = 'step.result_ignored'`,
      [runId],
    );
    expect(ignored).toBe(1);
    expect((await f.gateway.request('GET', `/runs/${runId}`)).body.status).toBe('succeeded');
    const next = await submit(1);
    await settled(next);
  });

  it('never dispatches a step twice with two orchestrators on one database', async () => {
    const port = await freePort();
    f.fleet.spawn('orchestrator', { PORT: String(port) }, 'orchestrator-2');
    try {
      await eventually(
        async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok ? true : undefined),
        'the second orchestrator',
      );
      const ids = await submit(120);
      await settled(ids);
      for (const instance of ['orchestrator', 'orchestrator-2']) {
        expect(readFileSync(f.fleet.logPath(instance), 'utf8')).toMatch(/run succeeded/);
      }
    } finally {
      await f.fleet.stop('orchestrator-2');
    }
  });

  itAnsweredAsTheDocumentSays(() => conformance);
});

/**
 * The order workflow behind a first step that waits 1.5 s for a capability nobody serves and then
 * continues: every run spends that time on a durable timer, so faults strike mid-run.
 */
function slowOrderWorkflow(): Record<string, unknown> {
  const base = example<{ steps: Record<string, unknown>[] } & Record<string, unknown>>(
    'order-intake.workflow.json',
  );
  const [normalize, ...rest] = base.steps;
  return {
    ...base,
    name: 'slow-order',
    steps: [
      {
        id: 'pause',
        capability: 'nobody',
        timeoutMs: 1500,
        retry: { maxAttempts: 1 },
        onFailure: 'continue',
      },
      { ...normalize, dependsOn: ['pause'] },
      ...rest,
    ],
  };
}
