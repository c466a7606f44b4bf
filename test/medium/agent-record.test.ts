import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEnvelope, MessageTypes, type Envelope, type StepDispatchPayload } from '@ensemble/contracts';
import type { MessagingSettings } from '@ensemble/messaging';
import { TransactionRunner } from '@ensemble/persistence';
import { AgentHostService, TaskError, type AgentPlugin } from '@ensemble/plugin-contract';
import { appDataSources, closeAll, sourceOf } from '../support/app-database';
import { createTestEnv, destroyTestEnv, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const RESULTS = 'test.orchestrator.results';

/** Doubles its input, or fails (non-retryably) when asked to. */
const plugin: AgentPlugin = {
  metadata: { name: 'doubler', version: '1.0.0' },
  capabilities: ['data'],
  handle: (task) => {
    const { n } = task.input as { n: number };
    if (n < 0)
      return Promise.reject(new TaskError('NEGATIVE', 'n must not be negative', { retryable: false }));
    return Promise.resolve({ doubled: n * 2 });
  },
};

/** The agent records a task's inbox claim, effect and result message in one statement. */
describe('AgentHostService against an agent schema', () => {
  let t: TestEnv;
  let sources: Map<string, DataSource> | undefined;
  let db: DataSource;
  let host: AgentHostService;
  const handed: string[] = [];

  const dispatch = (n: number): Envelope<StepDispatchPayload> =>
    createEnvelope(
      MessageTypes.orchestrator.stepDispatch,
      { runId: randomUUID(), stepId: 's', attempt: 1, capability: 'data', input: { n } },
      { tenantId: 'acme', correlationId: 'c', causationId: 'c' },
    );

  beforeAll(async () => {
    t = createTestEnv('agent_record');
    sources = await appDataSources(t, ['data']);
    db = sourceOf(sources, 'data');
    const transactions = new TransactionRunner(db);
    transactions.onCommit((committed) => handed.push(...committed.map((m) => m.envelope.id)));
    const settings = { service: 'data-agent', names: { resultsQueue: RESULTS } } as MessagingSettings;
    host = new AgentHostService([plugin], settings, transactions);
  });

  afterAll(async () => {
    await closeAll(sources);
    await destroyTestEnv(t);
  });

  const executions = (taskId: string): Promise<{ outcome: string; output: unknown; error: unknown }[]> =>
    db.query('SELECT outcome, output, error FROM task_executions WHERE task_id = $1', [taskId]);
  const results = (
    taskId: string,
  ): Promise<{ id: string; routing_key: string; envelope: Envelope<{ taskId: string }> }[]> =>
    db.query(`SELECT id, routing_key, envelope FROM outbox WHERE envelope->'payload'->>'taskId' = $1`, [
      taskId,
    ]);

  it('records the effect and the result message once, and hands the message to the relay', async () => {
    const task = dispatch(21);
    await host.execute(task);

    expect(await executions(task.id)).toEqual([
      { outcome: 'succeeded', output: { doubled: 42 }, error: null },
    ]);
    const [result, ...more] = await results(task.id);
    expect(more).toEqual([]);
    expect(result.routing_key).toBe(RESULTS);
    expect(result.envelope).toMatchObject({ type: MessageTypes.agents.stepResult, causationId: task.id });
    expect(handed).toContain(result.id);
    const [claim] = await db.query<{ consumer: string }[]>(
      'SELECT consumer FROM inbox WHERE message_id = $1',
      [task.id],
    );
    expect(claim.consumer).toBe('data-agent');
  });

  it('applies a redelivery, or the same delivery twice in one batch, exactly once', async () => {
    const task = dispatch(1);
    const before = handed.length;
    await Promise.all([host.execute(task), host.execute(task)]);
    await host.execute(task);

    expect(await executions(task.id)).toHaveLength(1);
    expect(await results(task.id)).toHaveLength(1);
    expect(handed.length - before).toBe(1);
  });

  it("stores a failure's error and no output, next to good tasks of the same batch", async () => {
    const bad = dispatch(-1);
    const good = dispatch(2);
    await Promise.all([host.execute(bad), host.execute(good)]);

    const [failure, ...more] = await executions(bad.id);
    expect(more).toEqual([]);
    expect(failure).toMatchObject({
      outcome: 'failed',
      output: null,
      error: { code: 'NEGATIVE', retryable: false },
    });
    expect(await executions(good.id)).toEqual([
      { outcome: 'succeeded', output: { doubled: 4 }, error: null },
    ]);
  });
});
