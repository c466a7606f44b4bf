import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { createEnvelope, type RpcReply } from '@ensemble/contracts';

/**
 * A bare RabbitMQ RPC caller for tests: speaks the wire contract without any Nest code. Connect
 * with the gateway's broker login (the only principal RPC servers answer); every request carries
 * that login as its user-id.
 */
export class TestRpcClient {
  private constructor(
    private readonly user: string,
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly replyQueue: string,
    private readonly pending: Map<string, (reply: RpcReply) => void>,
  ) {}

  static async connect(url: string): Promise<TestRpcClient> {
    const connection = await amqp.connect(url);
    connection.on('error', () => undefined);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    const pending = new Map<string, (reply: RpcReply) => void>();
    await channel.consume(queue, (msg) => {
      if (!msg) return;
      channel.ack(msg);
      pending.get(String(msg.properties.correlationId))?.(JSON.parse(msg.content.toString()) as RpcReply);
    });
    return new TestRpcClient(decodeURIComponent(new URL(url).username), connection, channel, queue, pending);
  }

  async call<T>(
    queue: string,
    type: string,
    payload: object,
    tenantId = 'tenant-a',
    timeoutMs = 10_000,
  ): Promise<RpcReply<T>> {
    const correlationId = randomUUID();
    const envelope = createEnvelope(type, payload, { tenantId, correlationId, causationId: correlationId });
    const reply = new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no reply to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(correlationId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    this.channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), {
      replyTo: this.replyQueue,
      correlationId,
      userId: this.user,
    });
    return (await reply) as RpcReply<T>;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
