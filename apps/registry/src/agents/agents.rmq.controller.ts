import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { AgentAnnouncementPayload, MessageTypes, type AgentView, type Envelope } from '@ensemble/contracts';
import { requirePayload, RmqController } from '@ensemble/messaging';
import { AgentsService } from './agents.service';
import { parseAgentListRequest } from './dto/agent-list.request';

@RmqController()
export class AgentsRmqController {
  constructor(private readonly agents: AgentsService) {}

  @EventPattern(MessageTypes.agents.agentRegistered)
  async registered(@Payload() envelope: Envelope): Promise<void> {
    await this.agents.announced(await requirePayload(AgentAnnouncementPayload, envelope), true);
  }

  @EventPattern(MessageTypes.agents.agentHeartbeat)
  async heartbeat(@Payload() envelope: Envelope): Promise<void> {
    await this.agents.announced(await requirePayload(AgentAnnouncementPayload, envelope), false);
  }

  @EventPattern(MessageTypes.agents.agentDeregistered)
  async deregistered(@Payload() envelope: Envelope): Promise<void> {
    await this.agents.deregistered(await requirePayload(AgentAnnouncementPayload, envelope));
  }

  /** Agents serve every tenant, so the caller's tenant does not filter the list. */
  @MessagePattern(MessageTypes.rpc.agentList)
  async list(@Payload() envelope: Envelope): Promise<AgentView[]> {
    return this.agents.list(await parseAgentListRequest(envelope.payload));
  }
}
