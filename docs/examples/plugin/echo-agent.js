#!/usr/bin/env node
/*
 * A framework-free Ensemble agent for capability `echo` (see docs/plugin-protocol.md).
 * It answers every task with { outcome: 'succeeded', output: <the task input> }.
 *
 * Its credentials come from `POST /api/v1/agents` (an admin of your tenant creates the agent with
 * `{"name":"echo","capabilities":["echo"]}` and gets them once):
 *
 *   AGENT_USER=<broker.username> AGENT_PASSWORD=<broker.password> BROKER_VHOST=<broker.vhost> \
 *   TASK_QUEUE=<broker.consume.echo> BROKER_PREFIX=ensemble node echo-agent.js
 *
 * It keeps no inbox: a redelivered task is echoed again and the orchestrator ignores the second
 * result (its step is no longer `dispatched`). That is safe only because echoing has no effect.
 * Only dependency: amqplib.
 */
'use strict';
const amqp = require('amqplib');
const { URL } = require('node:url');
const { randomUUID } = require('node:crypto');
const { hostname } = require('node:os');

const PREFIX = process.env.BROKER_PREFIX || 'ensemble';
const USER = process.env.AGENT_USER;
const BROKER = new URL(process.env.BROKER_URL || 'amqp://127.0.0.1:5672');
BROKER.username = encodeURIComponent(USER || '');
BROKER.password = encodeURIComponent(process.env.AGENT_PASSWORD || '');
BROKER.pathname = `/${encodeURIComponent(process.env.BROKER_VHOST || 'ensemble')}`;
/** Tasks come only from the orchestrator; the broker guarantees a message's user-id is its sender's login. */
const ORCHESTRATOR = `${PREFIX}.orchestrator`;
const PREFETCH = Number(process.env.BROKER_PREFETCH || 64);
const CAPABILITY = 'echo';
const NAME = 'echo-agent';
const VERSION = '0.1.0';
const AGENT_ID = `${NAME}@${hostname()}-${process.pid}`;

// Must equal the fleet's values (libs/messaging: deliveryLimit 10, RETRY_DELAY_MS 1000), or the
// broker refuses the declaration with PRECONDITION_FAILED.
const DELIVERY_LIMIT = 10;
const RETRY_DELAY_MS = 1000;
const HEARTBEAT_MS = 5000;

const EVENTS = `${PREFIX}.events`;
const DLX = `${PREFIX}.dlx`;
const QUEUE = process.env.TASK_QUEUE || `${PREFIX}.cap.${CAPABILITY}`;
const RESULTS = `${PREFIX}.orchestrator.results`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const log = (msg, fields = {}) =>
  console.log(JSON.stringify({ at: new Date().toISOString(), msg, ...fields }));

function envelope(type, payload, origin) {
  return {
    id: randomUUID(),
    type,
    version: Number(/\.v(\d+)$/.exec(type)[1]),
    tenantId: origin.tenantId,
    correlationId: origin.correlationId,
    causationId: origin.causationId,
    ...(origin.runId ? { runId: origin.runId } : {}),
    ...(origin.stepId ? { stepId: origin.stepId } : {}),
    attempt: origin.attempt ?? 1,
    occurredAt: new Date().toISOString(),
    ...(origin.traceparent ? { traceparent: origin.traceparent } : {}),
    payload,
  };
}

/** Why a delivery is not a valid step.dispatch.v1, or null. */
function problemOf(env, sender) {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return 'body is not a JSON object';
  if (!UUID.test(env.id ?? '')) return 'id: must be a UUID';
  if (env.type !== 'step.dispatch.v1') return `no handler for message type ${env.type}`;
  if (sender !== ORCHESTRATOR) return `sender ${sender} may not publish step.dispatch.v1`;
  for (const f of ['tenantId', 'correlationId', 'causationId'])
    if (typeof env[f] !== 'string' || env[f].length > 128) return `${f}: must be a string of at most 128`;
  if (!Number.isInteger(env.attempt) || env.attempt < 1) return 'attempt: must be an integer >= 1';
  const p = env.payload;
  if (typeof p !== 'object' || p === null) return 'payload: must be an object';
  if (!UUID.test(p.runId ?? '')) return 'payload.runId: must be a UUID';
  if (typeof p.stepId !== 'string' || typeof p.capability !== 'string')
    return 'payload: stepId/capability missing';
  if (!Number.isInteger(p.attempt) || p.attempt < 1) return 'payload.attempt: must be an integer >= 1';
  return null;
}

async function main() {
  if (!USER) throw new Error('set AGENT_USER and AGENT_PASSWORD to the credentials from POST /api/v1/agents');
  const conn = await amqp.connect(BROKER.toString(), { clientProperties: { connection_name: NAME } });
  const pub = await conn.createConfirmChannel(); // every publish waits for the broker's ack
  const returned = new Set();
  pub.on('return', (msg) => returned.add(msg.properties.messageId));

  /** Publishes with confirms; mandatory on the default exchange, so an unroutable message throws. */
  async function publish(exchange, routingKey, env, persistent = true) {
    const mandatory = exchange === '';
    await new Promise((resolve, reject) => {
      pub.publish(
        exchange,
        routingKey,
        Buffer.from(JSON.stringify(env)),
        {
          messageId: env.id,
          type: env.type,
          contentType: 'application/json',
          persistent,
          mandatory,
          correlationId: env.correlationId,
          timestamp: Math.floor(Date.now() / 1000),
          headers: { 'x-tenant-id': env.tenantId },
          userId: USER, // the broker refuses any other; consumers trust only this
        },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    // basic.return precedes the confirm, so a returned message is already recorded here.
    if (returned.delete(env.id)) throw new Error(`no queue is bound for ${routingKey}`);
  }

  const sub = await conn.createChannel();
  // An agent may not declare exchanges (the fleet does); it declares only its own task queue.
  await sub.assertQueue(`${QUEUE}.dlq`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sub.bindQueue(`${QUEUE}.dlq`, DLX, QUEUE);
  await sub.assertQueue(QUEUE, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': DLX,
      'x-dead-letter-routing-key': QUEUE,
      'x-delivery-limit': DELIVERY_LIMIT,
    },
  });
  await sub.assertQueue(`${QUEUE}.retry`, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': RETRY_DELAY_MS,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': QUEUE,
    },
  });
  await sub.prefetch(PREFETCH);

  /** Dead-letters a delivery the way the fleet does: a confirmed copy to the DLX with the reason, then ack. */
  async function deadLetter(msg, reason) {
    log('dead-lettering', { reason });
    await new Promise((resolve, reject) => {
      pub.publish(
        DLX,
        QUEUE,
        msg.content,
        {
          ...msg.properties,
          userId: USER,
          persistent: true,
          headers: {
            ...msg.properties.headers,
            'x-ensemble-reason': reason.slice(0, 2000),
            'x-ensemble-queue': QUEUE,
            'x-ensemble-failed-at': new Date().toISOString(),
          },
        },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    sub.ack(msg);
  }

  let inFlight = 0;
  let drained = null;
  async function onTask(msg) {
    let task;
    try {
      task = JSON.parse(msg.content.toString());
    } catch (e) {
      return deadLetter(msg, `body is not JSON: ${e.message}`);
    }
    const problem = problemOf(task, msg.properties.userId);
    if (problem) return deadLetter(msg, problem);
    const p = task.payload;
    const started = Date.now();
    const outcome =
      p.deadline && Date.parse(p.deadline) < Date.now()
        ? {
            outcome: 'failed',
            error: {
              code: 'DEADLINE_EXCEEDED',
              message: `task arrived after ${p.deadline}`,
              retryable: false,
            },
          }
        : p.capability !== CAPABILITY
          ? {
              outcome: 'failed',
              error: { code: 'CAPABILITY_NOT_SUPPORTED', message: `not ${p.capability}`, retryable: false },
            }
          : { outcome: 'succeeded', output: p.input ?? null };
    const result = {
      runId: p.runId,
      stepId: p.stepId,
      attempt: p.attempt,
      taskId: task.id,
      agentId: AGENT_ID,
      durationMs: Date.now() - started,
      ...outcome,
    };
    // Same tenant/correlation/run/step/attempt/traceparent as the task; caused by the task.
    const reply = envelope('step.result.v1', result, { ...task, causationId: task.id });
    await publish('', RESULTS, reply); // confirmed before we ack the task
    sub.ack(msg);
    log(`task ${task.id} ${outcome.outcome}`, { runId: p.runId, stepId: p.stepId, attempt: p.attempt });
  }

  const { consumerTag } = await sub.consume(
    QUEUE,
    (msg) => {
      if (!msg) return;
      inFlight += 1;
      onTask(msg)
        .catch((error) => {
          // Could not reply (broker trouble): requeue; the queue's delivery limit stops a loop.
          log('task failed, requeueing', { error: error.message });
          try {
            sub.nack(msg, false, true);
          } catch {
            /* channel gone: the broker requeues */
          }
        })
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0 && drained) drained();
        });
    },
    { noAck: false },
  );

  // Cancellation is advisory (echo finishes at once); listening shows how to receive it.
  const { queue: cancels } = await sub.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  await sub.bindQueue(cancels, EVENTS, 'step.cancel.v1');
  await sub.consume(
    cancels,
    (msg) => {
      if (msg && msg.properties.userId === ORCHESTRATOR)
        log('cancel received', JSON.parse(msg.content.toString()).payload);
    },
    { noAck: true },
  );

  const announce = (type) => {
    const id = randomUUID();
    const payload = {
      agentId: AGENT_ID,
      name: NAME,
      version: VERSION,
      capabilities: [CAPABILITY],
      concurrency: PREFETCH,
      host: hostname(),
    };
    return publish(
      EVENTS,
      type,
      envelope(type, payload, { tenantId: 'system', correlationId: id, causationId: id }),
      false,
    ).catch((error) => log(`${type} not sent`, { error: error.message }));
  };
  await announce('agent.registered.v1');
  const heartbeat = setInterval(() => void announce('agent.heartbeat.v1'), HEARTBEAT_MS);
  log(`${AGENT_ID} consuming ${QUEUE}`, { prefetch: PREFETCH });

  let stopping = false;
  async function stop(signal) {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining`);
    clearInterval(heartbeat);
    await sub.cancel(consumerTag); // no new tasks; unacked ones go back to the queue on close
    if (inFlight > 0)
      await Promise.race([new Promise((r) => (drained = r)), new Promise((r) => setTimeout(r, 15000))]);
    await announce('agent.deregistered.v1');
    await conn.close().catch(() => undefined);
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  conn.on('close', () => {
    if (!stopping) {
      log('broker connection closed; exiting so the supervisor restarts us');
      process.exit(1);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
