import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { createEnvelope, DomainError, type Envelope } from '@ensemble/contracts';
import {
  httpAdapter,
  RmqController,
  Publisher,
  RpcClient,
  ServiceCoreModule,
  TransportFactory,
  type EnsembleTransport,
} from '@ensemble/messaging';
import {
  bootstrapDatabase,
  databaseSettings,
  Inbox,
  MessagingTables1763700000000,
  MicroBatcher,
  OutboxWriter,
  runMigrations,
  TransactionRunner,
} from '@ensemble/persistence';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

class ProbeTables1763700009000 implements MigrationInterface {
  name = 'ProbeTables1763700009000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE effects (message_id uuid NOT NULL, note text)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE effects');
  }
}

const transientFailures = new Map<string, number>();
let deliveriesHandled = 0;

type ProbeEnvelope = Envelope<{ mode?: string }>;

/** Applies deliveries the way the orchestrator and the agents do: batched, claimed with claimMany. */
@RmqController()
class ProbeController {
  private readonly batcher = new MicroBatcher<ProbeEnvelope, boolean>((batch) => this.applyBatch(batch));

  constructor(
    private readonly tx: TransactionRunner,
    private readonly inbox: Inbox,
  ) {}

  private applyBatch(batch: ProbeEnvelope[]): Promise<boolean[]> {
    return this.tx.run(async (tx) => {
      const claimed = await this.inbox.claimMany(
        tx,
        batch.map((e) => e.id),
        'probe',
      );
      const fresh = batch.filter((e) => claimed.delete(e.id));
      for (const e of fresh)
        await tx.query('INSERT INTO effects (message_id, note) VALUES ($1, $2)', [
          e.id,
          e.payload.mode ?? null,
        ]);
      return batch.map((e) => fresh.includes(e));
    });
  }

  @EventPattern('probe.happened.v1')
  async happened(@Payload() envelope: Envelope<{ mode?: string }>): Promise<void> {
    const mode = envelope.payload.mode;
    if (mode === 'domain') throw new DomainError('VALIDATION_FAILED', 'this can never succeed');
    if (mode === 'transient') {
      const seen = transientFailures.get(envelope.id) ?? 0;
      transientFailures.set(envelope.id, seen + 1);
      if (seen < 2) throw new Error('database blip');
    }
    await this.batcher.submit(envelope);
    deliveriesHandled += 1;
  }

  @MessagePattern('probe.echo.v1')
  echo(@Payload() envelope: Envelope<{ text: string }>): { echoed: string } {
    if (envelope.payload.text === 'missing') throw new DomainError('NOT_FOUND', 'no such thing');
    return { echoed: envelope.payload.text };
  }
}

describe('messaging against the real RabbitMQ and Postgres', () => {
  let t: TestEnv;
  let app: INestApplication;
  let transport: EnsembleTransport;
  let connection: ChannelModel;
  let channel: Channel;
  let db: DataSource;
  const queue = (): string => `${t.prefix}.probe`;

  beforeAll(async () => {
    t = createTestEnv('messaging');
    const c = t.config;
    await bootstrapDatabase({ host: c.PGHOST, port: c.PGPORT, database: t.database, user: c.PGADMIN_USER }, [
      { schema: 'probe' },
    ]);
    await runMigrations(databaseSettings(c, 'probe'), [
      MessagingTables1763700000000,
      ProbeTables1763700009000,
    ]);

    @Module({
      imports: [
        ServiceCoreModule.forRoot({
          service: 'probe',
          schema: 'probe',
          config: c,
          entities: [],
          migrations: [],
          queues: [
            { kind: 'work', name: `${t.prefix}.probe` },
            { kind: 'rpc', name: `${t.prefix}.rpc.validation` },
          ],
        }),
      ],
      controllers: [ProbeController],
    })
    class ProbeModule {}

    app = await NestFactory.create(ProbeModule, httpAdapter(), { logger: false });
    transport = app.get(TransportFactory).create();
    app.connectMicroservice({ strategy: transport });
    await app.startAllMicroservices();
    await app.init();
    await transport.waitUntilConsuming();
    db = app.get(DataSource);
    connection = await amqp.connect(c.AMQP_URL);
    channel = await connection.createChannel();
  });

  afterAll(async () => {
    await connection.close();
    await app.close();
    await destroyTestEnv(t);
  });

  const send = (body: unknown): void => {
    channel.sendToQueue(queue(), Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), {
      persistent: true,
    });
  };
  const probe = (payload: object): Envelope<object> =>
    createEnvelope('probe.happened.v1', payload, {
      tenantId: 't',
      correlationId: randomUUID(),
      causationId: randomUUID(),
    });
  const effects = async (id: string): Promise<number> =>
    Number(
      (await db.query<{ n: string }[]>('SELECT count(*) AS n FROM effects WHERE message_id = $1', [id])).at(0)
        ?.n,
    );
  const deadLetter = async (): Promise<amqp.GetMessage> =>
    eventually(
      async () => {
        const msg = await channel.get(`${queue()}.dlq`, { noAck: false });
        return msg === false ? undefined : msg;
      },
      'a dead letter',
      10_000,
    );

  it('dead-letters a message whose envelope is invalid, with the reason, and keeps consuming', async () => {
    send('not json at all');
    const bad = await deadLetter();
    expect(String(bad.properties.headers?.['x-ensemble-reason'])).toMatch(/not JSON/);
    channel.ack(bad);

    send({ ...(JSON.parse(JSON.stringify(probe({}))) as object), tenantId: undefined });
    const missing = await deadLetter();
    expect(String(missing.properties.headers?.['x-ensemble-reason'])).toMatch(/tenantId/);
    channel.ack(missing);

    const good = probe({ mode: 'ok' });
    send(good);
    await eventually(
      async () => ((await effects(good.id)) === 1 ? true : undefined),
      'the next valid message to apply',
    );
  });

  it('applies a duplicated delivery exactly once', async () => {
    const message = probe({ mode: 'dup' });
    const before = deliveriesHandled;
    send(message);
    send(message);
    await eventually(
      () => Promise.resolve(deliveriesHandled - before >= 2 ? true : undefined),
      'both deliveries to be handled',
    );
    expect(await effects(message.id)).toBe(1);
  });

  it('applies each effect of a redelivered batch once, with no key on the effects table to reject a copy', async () => {
    const keys = await db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM pg_index WHERE indrelid = 'probe.effects'::regclass`,
    );
    expect(Number(keys.at(0)?.n)).toBe(0);
    const batch = Array.from({ length: 5 }, (_, i) => probe({ mode: `batch-${i}` }));
    const before = deliveriesHandled;
    // Each message twice within the batch, then the whole batch delivered again.
    for (const message of [...batch, ...batch, ...batch, ...batch]) send(message);
    await eventually(
      () => Promise.resolve(deliveriesHandled - before >= batch.length * 4 ? true : undefined),
      'every delivery to be handled',
    );
    for (const message of batch) expect(await effects(message.id)).toBe(1);
  });

  it('retries a transient failure after a delay and then applies it', async () => {
    const message = probe({ mode: 'transient' });
    send(message);
    await eventually(
      async () => ((await effects(message.id)) === 1 ? true : undefined),
      'the third attempt',
      15_000,
    );
    expect(transientFailures.get(message.id)).toBe(3);
  });

  it('dead-letters a failure that can never succeed at once', async () => {
    send(probe({ mode: 'domain' }));
    const dead = await deadLetter();
    expect(String(dead.properties.headers?.['x-ensemble-reason'])).toMatch(/can never succeed/);
    channel.ack(dead);
  });

  it('publishes outbox messages of committed transactions only', async () => {
    const committed = probe({ mode: 'from-outbox' });
    const rolledBack = probe({ mode: 'never' });
    const outbox = app.get(OutboxWriter);
    const tx = app.get(TransactionRunner);
    await tx.run((m) => outbox.add(m, [{ exchange: '', routingKey: queue(), envelope: committed }]));
    await expect(
      tx.run(async (m) => {
        await outbox.add(m, [{ exchange: '', routingKey: queue(), envelope: rolledBack }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await eventually(
      async () => ((await effects(committed.id)) === 1 ? true : undefined),
      'the committed message',
    );
    expect(await effects(rolledBack.id)).toBe(0);
    const left = await db.query<{ n: string }[]>('SELECT count(*) AS n FROM outbox');
    expect(Number(left.at(0)?.n)).toBe(0);
  });

  it('publishes rows left in the outbox (a crash between commit and publish) from the poll', async () => {
    const leftover = probe({ mode: 'from-outbox' });
    // As a process that died right after its commit leaves it: committed, never published.
    await db.query(
      `INSERT INTO outbox (id, exchange, routing_key, envelope, created_at, available_at)
       VALUES ($1, '', $2, $3, now() - interval '10 seconds', now() - interval '10 seconds')`,
      [leftover.id, queue(), JSON.stringify(leftover)],
    );
    await eventually(
      async () => ((await effects(leftover.id)) === 1 ? true : undefined),
      'the leftover message',
    );
    await eventually(async () => {
      const left = await db.query<{ n: string }[]>('SELECT count(*) AS n FROM outbox WHERE id = $1', [
        leftover.id,
      ]);
      return Number(left.at(0)?.n) === 0 ? true : undefined;
    }, 'the leftover row deleted');
  });

  it('declares a capability queue nobody serves yet, so a task sent there waits in it instead of bouncing', async () => {
    const publisher = app.get(Publisher);
    const capabilityQueue = `${t.prefix}.cap.nobody-yet`;
    const [first, second] = [probe({ n: 1 }), probe({ n: 2 })];
    // Together: the second publish must not wait behind a duplicate declaration.
    await Promise.all([
      publisher.publish('', capabilityQueue, first),
      publisher.publish('', capabilityQueue, second),
    ]);
    expect((await channel.checkQueue(capabilityQueue)).messageCount).toBe(2);
    await channel.checkQueue(`${capabilityQueue}.dlq`);
    await channel.checkQueue(`${capabilityQueue}.retry`);
  });

  it('answers RPC requests, passes domain errors through, and fails fast when the service is absent', async () => {
    const rpc = app.get(RpcClient);
    const origin = { tenantId: 't', correlationId: 'c', causationId: 'c' };
    await expect(rpc.request('validation', 'probe.echo.v1', { text: 'hi' }, origin)).resolves.toEqual({
      echoed: 'hi',
    });
    await expect(
      rpc.request('validation', 'probe.echo.v1', { text: 'missing' }, origin),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const started = Date.now();
    await expect(rpc.request('decision', 'probe.echo.v1', { text: 'x' }, origin)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
