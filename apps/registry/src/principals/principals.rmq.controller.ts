import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  type AgentCredentials,
  type AgentPrincipalView,
  type Envelope,
} from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import { checkAgentCreateRequest } from './dto/agent-create.request';
import { PrincipalsService } from './principals.service';

@RmqController()
export class PrincipalsRmqController {
  constructor(private readonly principals: PrincipalsService) {}

  @MessagePattern(MessageTypes.rpc.agentCreate)
  create(@Payload() envelope: Envelope): Promise<AgentCredentials> {
    const request = checkAgentCreateRequest(checkedPayload(MessageTypes.rpc.agentCreate, envelope));
    return this.principals.create(envelope, request);
  }

  @MessagePattern(MessageTypes.rpc.agentDelete)
  delete(@Payload() envelope: Envelope): Promise<AgentPrincipalView> {
    return this.principals.revoke(envelope, checkedPayload(MessageTypes.rpc.agentDelete, envelope).id);
  }

  @MessagePattern(MessageTypes.rpc.agentCapabilities)
  capabilities(@Payload() envelope: Envelope): Promise<string[]> {
    return this.principals.declaredCapabilities(envelope.tenantId);
  }
}
