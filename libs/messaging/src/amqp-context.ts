import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';

/** Handler context: the raw delivery, the queue it came from and its sender's principal. */
export class AmqpContext extends BaseRpcContext<[ConsumeMessage, string, string | undefined]> {
  getMessage(): ConsumeMessage {
    return this.args[0];
  }

  getQueue(): string {
    return this.args[1];
  }

  /** The broker user that published the message (validated by RabbitMQ), if any. */
  getSender(): string | undefined {
    return this.args[2];
  }

  /** True when the broker has delivered this message before (a crash or a lost ack). */
  isRedelivery(): boolean {
    return this.args[0].fields.redelivered;
  }
}

/** The sender of the delivery a handler got (`@Ctx() context: unknown`), if any. */
export function senderFrom(context: unknown): string | undefined {
  return context instanceof AmqpContext ? context.getSender() : undefined;
}
