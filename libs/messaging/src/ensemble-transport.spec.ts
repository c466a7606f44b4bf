import type { Channel, ConsumeMessage, Options } from 'amqplib';
import { BrokerNames, createEnvelope, DomainError, PrincipalNames } from '@ensemble/contracts';
import { MetricsService } from '@ensemble/observability';
import type { BrokerConnection } from './broker-connection';
import { EnsembleTransport } from './ensemble-transport';
import { PoisonMessageError } from './message-errors';
import type { MessagingSettings, QueueSpec } from './messaging-settings';
import type { Publisher } from './publisher';

interface Published {
  exchange: string;
  routingKey: string;
  body: unknown;
  options: Options.Publish;
}

const settings: MessagingSettings = {
  service: 'orchestrator',
  url: 'amqp://unused',
  username: 't.orchestrator',
  names: new BrokerNames('t'),
  principals: new PrincipalNames('t'),
  prefetch: 1,
  rpcTimeoutMs: 1000,
  maxTransientRetries: 2,
  deliveryLimit: 5,
  holdBeforeAckMs: 0,
};

/**
 * The transport over a fake channel and publisher: `deliver` hands it one message and resolves
 * once the message has been acked or nacked, with what was published meanwhile.
 */
async function transportFor(spec: QueueSpec, handler?: (data: unknown) => unknown, publishFails = false) {
  const acks: string[] = [];
  let consume: ((msg: ConsumeMessage | null) => void) | undefined;
  let settle: (() => void) | undefined;
  const channel = {
    assertExchange: () => Promise.resolve(),
    assertQueue: (name: string) => Promise.resolve({ queue: name }),
    bindQueue: () => Promise.resolve(),
    prefetch: () => Promise.resolve(),
    consume: (_: string, cb: (msg: ConsumeMessage | null) => void) => {
      consume = cb;
      return Promise.resolve({ consumerTag: 'tag' });
    },
    ack: () => {
      acks.push('ack');
      settle?.();
    },
    nack: (_: ConsumeMessage, allUpTo: boolean, requeue: boolean) => {
      acks.push(`nack requeue=${String(requeue)} allUpTo=${String(allUpTo)}`);
      settle?.();
    },
  } as unknown as Channel;
  const broker = {
    channel: (_: string, setup: (c: Channel) => Promise<void>) => {
      const ready = setup(channel);
      return { waitForConnect: () => ready, close: () => Promise.resolve() };
    },
  } as unknown as BrokerConnection;
  const published: Published[] = [];
  const publisher = {
    publishRaw: (exchange: string, routingKey: string, content: Buffer, options: Options.Publish) => {
      if (publishFails) return Promise.reject(new Error('broker gone'));
      published.push({ exchange, routingKey, body: parsed(content), options });
      return Promise.resolve();
    },
  } as unknown as Publisher;
  const transport = new EnsembleTransport(broker, publisher, new MetricsService(), settings, [spec]);
  if (handler)
    transport.addHandler('thing.done.v1', (data: unknown) => Promise.resolve(handler(data)), false);
  transport.listen(() => undefined);
  await transport.waitUntilConsuming();

  const deliver = async (
    body: unknown,
    properties: Record<string, unknown> = {},
  ): Promise<{ acks: string[]; published: Published[] }> => {
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    consume?.({
      content,
      fields: {},
      properties: { headers: {}, userId: 't.gateway', ...properties },
    } as ConsumeMessage);
    await settled;
    return { acks, published };
  };
  return { deliver };
}

function reasonOf(published: Published[]): string {
  const headers = published[0]?.options.headers as Record<string, unknown> | undefined;
  return String(headers?.['x-ensemble-reason']);
}

function parsed(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString()) as unknown;
  } catch {
    return content.toString();
  }
}

const message = () =>
  createEnvelope(
    'thing.done.v1',
    { n: 1 },
    {
      tenantId: 'acme',
      correlationId: 'c',
      causationId: 'c',
    },
  );
const work: QueueSpec = { kind: 'work', name: 't.work' };
const rpc: QueueSpec = { kind: 'rpc', name: 't.rpc' };
const failing = (error: unknown) => () => {
  throw error;
};

describe('EnsembleTransport: what becomes of a delivery', () => {
  it('acks a message once its handler has finished, publishing nothing', async () => {
    const seen: unknown[] = [];
    const { deliver } = await transportFor(work, (envelope) => seen.push(envelope));

    const { acks, published } = await deliver(message());

    expect(acks).toEqual(['ack']);
    expect(published).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('sends a transient failure to the retry queue with its retry count, then acks the original', async () => {
    const { deliver } = await transportFor(work, failing(new Error('database restarting')));

    const { acks, published } = await deliver(message(), { headers: { 'x-ensemble-retries': 1 } });

    expect(published).toMatchObject([{ exchange: '', routingKey: 't.work.retry' }]);
    expect(published[0]?.options.headers).toMatchObject({
      'x-ensemble-retries': 2,
      'x-ensemble-sender': 't.gateway',
    });
    expect(acks).toEqual(['ack']);
  });

  it('dead-letters a transient failure once its retries are spent, with the reason', async () => {
    const { deliver } = await transportFor(work, failing(new Error('still down')));

    const { acks, published } = await deliver(message(), { headers: { 'x-ensemble-retries': 2 } });

    expect(published).toMatchObject([{ exchange: 't.dlx', routingKey: 't.work' }]);
    expect(published[0]?.options.headers).toMatchObject({
      'x-ensemble-reason': 'still down',
      'x-ensemble-queue': 't.work',
    });
    expect(acks).toEqual(['ack']);
  });

  it.each([
    ['a domain rule violation', new DomainError('INVALID_STATE', 'run is finished')],
    ['a poison message', new PoisonMessageError('payload is garbage')],
  ])('dead-letters %s at once, retries left or not', async (_, error) => {
    const { deliver } = await transportFor(work, failing(error));

    const { published } = await deliver(message());

    expect(published.map((p) => p.exchange)).toEqual(['t.dlx']);
    expect(published[0]?.options.headers).toMatchObject({ 'x-ensemble-reason': error.message });
  });

  it.each([
    ['a body that is not JSON', '{nope', /body is not JSON/],
    ['an invalid envelope', { hello: 'world' }, /invalid envelope/],
  ])('dead-letters %s without calling a handler', async (_, body, reason) => {
    const handler = jest.fn();
    const { deliver } = await transportFor(work, handler);

    const { published, acks } = await deliver(body);

    expect(handler).not.toHaveBeenCalled();
    expect(reasonOf(published)).toMatch(reason);
    expect(acks).toEqual(['ack']);
  });

  it('dead-letters a message type nothing handles', async () => {
    const { deliver } = await transportFor(work);

    const { published } = await deliver(message());

    expect(published[0]?.options.headers).toMatchObject({
      'x-ensemble-reason': 'no handler for message type thing.done.v1',
    });
  });

  it('refuses a sender the queue does not accept, before any handler runs', async () => {
    const handler = jest.fn();
    const { deliver } = await transportFor({ ...work, senders: ['gateway'] }, handler);

    const { published } = await deliver(message(), { userId: 't.agent.intruder' });

    expect(handler).not.toHaveBeenCalled();
    expect(reasonOf(published)).toMatch(/sender t.agent.intruder may not publish/);
  });

  it('leaves the message queued (nack, requeue) when it cannot be forwarded', async () => {
    const { deliver } = await transportFor(work, failing(new Error('transient')), true);

    const { acks } = await deliver(message());

    expect(acks).toEqual(['nack requeue=true allUpTo=false']);
  });

  it('acks a failed broadcast without retrying it', async () => {
    const { deliver } = await transportFor(
      { kind: 'broadcast', name: 't.cast', bindings: ['#'] },
      failing(new Error('transient')),
    );

    const { acks, published } = await deliver(message());

    expect(acks).toEqual(['ack']);
    expect(published).toEqual([]);
  });
});

describe('EnsembleTransport: RPC replies', () => {
  const asked = { replyTo: 'reply-q', correlationId: 'call-1' };

  it('replies with the handler result and acks', async () => {
    const { deliver } = await transportFor(rpc, () => ({ answer: 42 }));

    const { acks, published } = await deliver(message(), asked);

    expect(published).toEqual([
      {
        exchange: '',
        routingKey: 'reply-q',
        body: { ok: true, data: { answer: 42 } },
        options: expect.objectContaining({ correlationId: 'call-1' }) as unknown,
      },
    ]);
    expect(acks).toEqual(['ack']);
  });

  it('replies with the code, message and details of a domain error, and acks (never retried)', async () => {
    const { deliver } = await transportFor(
      rpc,
      failing(new DomainError('NOT_FOUND', 'no run', [{ path: 'id' }])),
    );

    const { acks, published } = await deliver(message(), asked);

    expect(published.map((p) => p.body)).toEqual([
      { ok: false, error: { code: 'NOT_FOUND', message: 'no run', details: [{ path: 'id' }] } },
    ]);
    expect(acks).toEqual(['ack']);
  });

  it('replies INTERNAL without the message of an unexpected error', async () => {
    const { deliver } = await transportFor(rpc, failing(new Error('secret stack detail')));

    const { published } = await deliver(message(), asked);

    expect(published.map((p) => p.body)).toEqual([
      { ok: false, error: { code: 'INTERNAL', message: 'internal error' } },
    ]);
  });

  it('replies to an invalid request with the reason instead of dead-lettering it', async () => {
    const { deliver } = await transportFor(rpc, () => 1);

    const { published, acks } = await deliver({ nope: true }, asked);

    expect(published).toMatchObject([
      { routingKey: 'reply-q', body: { ok: false, error: { code: 'VALIDATION_FAILED' } } },
    ]);
    expect(acks).toEqual(['ack']);
  });
});
