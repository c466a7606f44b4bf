import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageTypes, StepCancelPayload, type Envelope } from '@ensemble/contracts';
import { requirePayload, RmqController } from '@ensemble/messaging';
import { AgentHostService } from './agent-host.service';

@RmqController()
export class AgentHostRmqController {
  constructor(private readonly host: AgentHostService) {}

  @EventPattern(MessageTypes.orchestrator.stepDispatch)
  handleTask(@Payload() envelope: Envelope): Promise<void> {
    return this.host.execute(envelope);
  }

  @EventPattern(MessageTypes.orchestrator.stepCancel)
  async cancel(@Payload() envelope: Envelope): Promise<void> {
    this.host.cancel((await requirePayload(StepCancelPayload, envelope)).payload);
  }
}
