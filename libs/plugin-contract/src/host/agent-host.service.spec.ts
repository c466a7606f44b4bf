import { randomUUID } from 'node:crypto';
import {
  BrokerNames,
  createEnvelope,
  PrincipalNames,
  type Envelope,
  type StepDispatchPayload,
  type StepResultPayload,
} from '@ensemble/contracts';
import { PoisonMessageError, type MessagingSettings } from '@ensemble/messaging';
import type { OutgoingMessage, TransactionRunner } from '@ensemble/persistence';
import { TaskError, type AgentPlugin, type Task, type TaskContext } from '../plugin';
import { AgentHostService } from './agent-host.service';

const settings = {
  service: 'data-agent',
  names: new BrokerNames('t'),
  principals: new PrincipalNames('t'),
} as MessagingSettings;

/**
 * The host over a fake database: the RECORD statement claims every message id not in `seen`, and
 * `sent` collects the result messages the host hands to the outbox relay for the claimed ones.
 */
function hostWith(handle: (task: Task, ctx: TaskContext) => Promise<unknown>, seen: string[] = []) {
  const sent: OutgoingMessage[] = [];
  const calls: Task[] = [];
  const transactions = {
    statement: <R>(_: string, values: unknown[], outgoing: (rows: R[]) => OutgoingMessage[]) => {
      const rows = (JSON.parse(values[0] as string) as { message_id: string }[])
        .filter((r) => !seen.includes(r.message_id))
        .map((r) => ({ message_id: r.message_id }) as R);
      sent.push(...outgoing(rows));
      return Promise.resolve(rows);
    },
  } as unknown as TransactionRunner;
  const plugin: AgentPlugin = {
    metadata: { name: 'fake', version: '1.0.0' },
    capabilities: ['data'],
    handle: (task, ctx) => {
      calls.push(task);
      return handle(task, ctx);
    },
  };
  const host = new AgentHostService([plugin], settings, transactions);
  const results = () =>
    sent.map((m) => ({ routingKey: m.routingKey, envelope: m.envelope as Envelope<StepResultPayload> }));
  return { host, results, calls };
}

function dispatch(change: Partial<StepDispatchPayload> = {}): Envelope<StepDispatchPayload> {
  const payload: StepDispatchPayload = {
    runId: randomUUID(),
    stepId: 'normalise',
    attempt: 2,
    capability: 'data',
    action: 'normalize',
    input: { amount: '5' },
    params: { strict: true },
    ...change,
  };
  return createEnvelope('step.dispatch.v1', payload, {
    tenantId: 'acme',
    correlationId: 'corr',
    causationId: 'cause',
    runId: payload.runId,
    attempt: payload.attempt,
  });
}

const outcomeOf = (results: ReturnType<ReturnType<typeof hostWith>['results']>) =>
  results.map((r) => r.envelope.payload);

describe('AgentHostService.execute', () => {
  it('hands the plugin the task and queues a succeeded result for the results queue', async () => {
    const { host, results, calls } = hostWith((task) => Promise.resolve({ got: task.input }));
    const task = dispatch();

    await host.execute(task);

    expect(calls).toEqual([
      {
        id: task.id,
        tenantId: 'acme',
        runId: task.payload.runId,
        stepId: 'normalise',
        attempt: 2,
        capability: 'data',
        action: 'normalize',
        input: { amount: '5' },
        params: { strict: true },
      },
    ]);
    const [result] = results();
    expect(result.routingKey).toBe(settings.names.resultsQueue);
    expect(result.envelope).toMatchObject({
      type: 'step.result.v1',
      tenantId: 'acme',
      correlationId: 'corr',
      causationId: task.id,
    });
    expect(result.envelope.payload).toMatchObject({
      runId: task.payload.runId,
      stepId: 'normalise',
      attempt: 2,
      taskId: task.id,
      outcome: 'succeeded',
      output: { got: { amount: '5' } },
      agentId: `data-agent@${host.agentId}`,
    });
  });

  it('reports null for a plugin that returned nothing', async () => {
    const { host, results } = hostWith(() => Promise.resolve(undefined));

    await host.execute(dispatch());

    expect(outcomeOf(results())[0]).toMatchObject({ outcome: 'succeeded', output: null });
  });

  it.each([
    [
      'a non-retryable TaskError',
      new TaskError('BAD_INPUT', 'amount is not a number', { details: { path: 'amount' } }),
      { code: 'BAD_INPUT', message: 'amount is not a number', retryable: false, details: { path: 'amount' } },
    ],
    [
      'a retryable TaskError',
      new TaskError('UPSTREAM', 'try later', { retryable: true }),
      { code: 'UPSTREAM', message: 'try later', retryable: true },
    ],
    [
      'any other error, as a retryable AGENT_ERROR',
      new Error('bug'),
      { code: 'AGENT_ERROR', message: 'bug', retryable: true },
    ],
  ])('reports %s', async (_, thrown, error) => {
    const { host, results } = hostWith(() => Promise.reject(thrown));

    await host.execute(dispatch());

    expect(outcomeOf(results())).toEqual([expect.objectContaining({ outcome: 'failed', error })]);
    expect(outcomeOf(results())[0]).not.toHaveProperty('output');
  });

  it('fails a task for a capability this agent does not serve, without calling a plugin', async () => {
    const { host, results, calls } = hostWith(() => Promise.resolve(1));

    await host.execute(dispatch({ capability: 'ocr' }));

    expect(calls).toEqual([]);
    expect(outcomeOf(results())[0]?.error).toMatchObject({
      code: 'CAPABILITY_NOT_SUPPORTED',
      retryable: false,
    });
  });

  it('fails a task that arrived after its deadline, without calling the plugin', async () => {
    const { host, results, calls } = hostWith(() => Promise.resolve(1));

    await host.execute(dispatch({ deadline: new Date(Date.now() - 1000).toISOString() }));

    expect(calls).toEqual([]);
    expect(outcomeOf(results())[0]?.error).toMatchObject({ code: 'DEADLINE_EXCEEDED', retryable: false });
  });

  it('runs a task whose deadline is still ahead and passes the deadline on', async () => {
    const deadline = new Date(Date.now() + 60_000).toISOString();
    const { host, calls } = hostWith(() => Promise.resolve(1));

    await host.execute(dispatch({ deadline }));

    expect(calls[0]?.deadline).toBe(deadline);
  });

  it('fails for good an output Postgres could not store', async () => {
    const { host, results } = hostWith(() => Promise.resolve({ text: 'a\u0000b' }));

    await host.execute(dispatch());

    expect(outcomeOf(results())[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'OUTPUT_NOT_STORABLE', retryable: false },
    });
  });

  it('sends no second result for a redelivered task the inbox already holds', async () => {
    const task = dispatch();
    const { host, results, calls } = hostWith(() => Promise.resolve(1), [task.id]);

    await host.execute(task);

    expect(calls).toHaveLength(1);
    expect(results()).toEqual([]);
  });

  it('rejects a task whose payload breaks the contract as poison', async () => {
    const { host, calls } = hostWith(() => Promise.resolve(1));
    await expect(host.execute(dispatch({ attempt: 0 }))).rejects.toBeInstanceOf(PoisonMessageError);
    expect(calls).toEqual([]);
  });
});

describe('AgentHostService.cancel', () => {
  it("aborts the signal of the cancelled run's task in flight, not others", async () => {
    const signals = new Map<string, AbortSignal>();
    let release: (() => void) | undefined;
    const { host } = hostWith(
      (task, ctx) =>
        new Promise((resolve) => {
          signals.set(task.runId, ctx.signal);
          if (signals.size === 2)
            release = () => {
              resolve(1);
            };
          else
            ctx.signal.addEventListener('abort', () => {
              resolve(0);
            });
        }),
    );
    const [first, second] = [dispatch(), dispatch()];
    const running = [host.execute(first), host.execute(second)];
    await new Promise((resolve) => setImmediate(resolve));

    host.cancel({ runId: first.payload.runId, reason: 'run cancelled' });

    expect(signals.get(first.payload.runId)?.aborted).toBe(true);
    expect(signals.get(second.payload.runId)?.aborted).toBe(false);
    release?.();
    await Promise.all(running);
  });
});
