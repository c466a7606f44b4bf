import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';

/** Handler context: the raw delivery and the queue it came from. */
export class AmqpContext extends BaseRpcContext<[ConsumeMessage, string]> {
  getMessage(): ConsumeMessage {
    return this.args[0];
  }

  getQueue(): string {
    return this.args[1];
  }

  /** True when the broker has delivered this message before (a crash or a lost ack). */
  isRedelivery(): boolean {
    return this.args[0].fields.redelivered;
  }
}
