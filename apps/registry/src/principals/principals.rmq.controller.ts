import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  type AgentCredentials,
  type AgentPrincipalView,
  type Envelope,
} from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import { parseAgentCreateRequest } from './dto/agent-create.request';
import { principalError, PrincipalErrorCode } from './principals.errors';
import { PrincipalsService } from './principals.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@RmqController()
export class PrincipalsRmqController {
  constructor(private readonly principals: PrincipalsService) {}

  @MessagePattern(MessageTypes.rpc.agentCreate)
  async create(@Payload() envelope: Envelope): Promise<AgentCredentials> {
    return this.principals.create(envelope, await parseAgentCreateRequest(envelope.payload));
  }

  @MessagePattern(MessageTypes.rpc.agentDelete)
  delete(@Payload() envelope: Envelope<{ id?: unknown }>): Promise<AgentPrincipalView> {
    const id = envelope.payload.id;
    if (typeof id !== 'string' || !UUID.test(id))
      throw principalError(PrincipalErrorCode.InvalidRequest, 'id must be a uuid', [
        { path: 'id', message: 'must be a uuid' },
      ]);
    return this.principals.revoke(envelope, id);
  }

  @MessagePattern(MessageTypes.rpc.agentCapabilities)
  capabilities(@Payload() envelope: Envelope): Promise<string[]> {
    return this.principals.declaredCapabilities(envelope.tenantId);
  }
}
