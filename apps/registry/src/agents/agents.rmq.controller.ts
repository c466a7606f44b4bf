import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgentAnnouncementPayload,
  MessageTypes,
  type AgentView,
  type Envelope,
  type Page,
} from '@ensemble/contracts';
import { checkedPayload, requirePayload, RmqController, senderFrom } from '@ensemble/messaging';
import { AgentsService } from './agents.service';

@RmqController()
export class AgentsRmqController {
  constructor(private readonly agents: AgentsService) {}

  @EventPattern(MessageTypes.agents.agentRegistered)
  async registered(@Payload() envelope: Envelope, @Ctx() context: unknown): Promise<void> {
    await this.agents.announced(
      await requirePayload(AgentAnnouncementPayload, envelope),
      true,
      senderFrom(context),
    );
  }

  @EventPattern(MessageTypes.agents.agentHeartbeat)
  async heartbeat(@Payload() envelope: Envelope, @Ctx() context: unknown): Promise<void> {
    await this.agents.announced(
      await requirePayload(AgentAnnouncementPayload, envelope),
      false,
      senderFrom(context),
    );
  }

  @EventPattern(MessageTypes.agents.agentDeregistered)
  async deregistered(@Payload() envelope: Envelope, @Ctx() context: unknown): Promise<void> {
    await this.agents.deregistered(
      await requirePayload(AgentAnnouncementPayload, envelope),
      senderFrom(context),
    );
  }

  /** The fleet's agents serve every tenant; a tenant's own agents are listed to that tenant only. */
  @MessagePattern(MessageTypes.rpc.agentList)
  list(@Payload() envelope: Envelope): Promise<Page<AgentView>> {
    return this.agents.list(envelope.tenantId, checkedPayload(MessageTypes.rpc.agentList, envelope));
  }
}
