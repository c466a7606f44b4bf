import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope } from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import { AgentHostService } from './agent-host.service';

@RmqController()
export class AgentHostRmqController {
  constructor(private readonly host: AgentHostService) {}

  @EventPattern(MessageTypes.orchestrator.stepDispatch)
  handleTask(@Payload() envelope: Envelope): Promise<void> {
    return this.host.execute(envelope);
  }
}
