import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEnvelope, type Envelope } from '@ensemble/contracts';
import {
  assertExchanges,
  assertQueue,
  messagingSettings,
  RmqController,
  ServiceCoreModule,
  startService,
} from '@ensemble/messaging';
import {
  bootstrapDatabase,
  databaseSettings,
  MessagingTables1763700000000,
  runMigrations,
} from '@ensemble/persistence';
import { migrateApp } from '../../tools/fleet/migrate';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

class Notes1763700009100 implements MigrationInterface {
  name = 'Notes1763700009100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE notes (id uuid PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notes');
  }
}

/** The newest migration: the code below needs its column. */
class NoteText1763700009200 implements MigrationInterface {
  name = 'NoteText1763700009200';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notes ADD COLUMN text text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notes DROP COLUMN text');
  }
}

const MIGRATIONS = [MessagingTables1763700000000, Notes1763700009100, NoteText1763700009200];
const handled: string[] = [];

@RmqController()
class NotesController {
  @EventPattern('note.written.v1')
  written(@Payload() envelope: Envelope<object>): void {
    handled.push(envelope.id);
  }
}

/**
 * Schema first: an app started against a schema one migration behind the code stays not-ready
 * and leaves its queue alone; once `migrate` has applied the last one, it is ready and consumes.
 */
describe('an app against a schema one migration behind', () => {
  let t: TestEnv;
  let app: INestApplication;
  let connection: ChannelModel;
  let channel: Channel;
  let url: string;
  let queue: string;

  const ready = async (): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    t = createTestEnv('schema_first');
    const c = t.config;
    await bootstrapDatabase({ host: c.PGHOST, port: c.PGPORT, database: t.database, user: c.PGADMIN_USER }, [
      { schema: 'notes' },
    ]);
    await runMigrations(databaseSettings(c, 'notes'), MIGRATIONS.slice(0, -1));

    const settings = messagingSettings(c, 'notes');
    queue = `${t.prefix}.notes`;
    @Module({
      imports: [
        ServiceCoreModule.forRoot({
          service: 'notes',
          schema: 'notes',
          config: c,
          entities: [],
          migrations: MIGRATIONS,
          queues: [{ kind: 'work', name: queue }],
        }),
      ],
      controllers: [NotesController],
    })
    class NotesModule {}

    app = await startService({ module: NotesModule }, { service: 'notes', port: 0 });
    const server = app.getHttpServer() as { address(): { port: number } };
    const address = server.address();
    url = `http://127.0.0.1:${address.port}`;

    // The queue exists (declared as the app declares it) and holds a message for the app.
    connection = await amqp.connect(c.AMQP_URL);
    channel = await connection.createChannel();
    await assertExchanges(channel, settings.names);
    await assertQueue(channel, settings.names, { kind: 'work', name: queue }, settings.deliveryLimit);
    const envelope = createEnvelope(
      'note.written.v1',
      {},
      { tenantId: 't', correlationId: randomUUID(), causationId: randomUUID() },
    );
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), { persistent: true });
  });

  afterAll(async () => {
    await connection.close();
    await app.close();
    await destroyTestEnv(t);
  });

  it('stays not-ready and does not consume, then is ready and consumes once migrated', async () => {
    // Longer than the gate's 2 s poll: it has looked at the schema more than once.
    await new Promise((r) => setTimeout(r, 3_000));
    const before = await ready();
    expect(before.status).toBe(503);
    expect(before.body).toContain('NoteText1763700009200');
    const waiting = await channel.checkQueue(queue);
    expect(waiting.consumerCount).toBe(0);
    expect(waiting.messageCount).toBe(1);
    expect(handled).toEqual([]);

    expect(await runMigrations(databaseSettings(t.config, 'notes'), MIGRATIONS)).toEqual([
      'NoteText1763700009200',
    ]);

    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 'ready', 10_000);
    await eventually(() => Promise.resolve(handled.length === 1 ? true : undefined), 'the delivery', 10_000);
    expect((await channel.checkQueue(queue)).consumerCount).toBe(1);
  });

  it('applies each migration once when several pods migrate the same schema at once', async () => {
    const c = t.config;
    await bootstrapDatabase({ host: c.PGHOST, port: c.PGPORT, database: t.database, user: c.PGADMIN_USER }, [
      { schema: 'crowd' },
    ]);
    const settings = { ...databaseSettings(c, 'crowd'), poolSize: 1 };
    const applied = await Promise.all([1, 2, 3, 4].map(() => runMigrations(settings, MIGRATIONS)));
    expect(applied.flat().sort()).toEqual(
      ['MessagingTables1763700000000', 'Notes1763700009100', 'NoteText1763700009200'].sort(),
    );
  });

  it("migrate --app applies that app's migrations only, as its role, and is idempotent", async () => {
    const c = t.config;
    await bootstrapDatabase({ host: c.PGHOST, port: c.PGPORT, database: t.database, user: c.PGADMIN_USER }, [
      { schema: 'coordinator' },
    ]);
    const quiet = (): undefined => undefined;
    expect(await migrateApp(c, 'coordinator-agent', quiet)).toEqual([
      'MessagingTables1763700000000',
      'TaskExecutions1763700000100',
    ]);
    expect(await migrateApp(c, 'coordinator-agent', quiet)).toEqual([]);
    await expect(migrateApp(c, 'no-such-app', quiet)).rejects.toThrow(/unknown app no-such-app/);
  });
});
