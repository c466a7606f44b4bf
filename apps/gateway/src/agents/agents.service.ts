import { Injectable } from '@nestjs/common';
import {
  MessageTypes,
  type AgentCredentials,
  type AgentListRequest,
  type AgentView,
  type EnvelopeOrigin,
  type Page,
} from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { CreateAgentDto, ListAgentsQueryDto } from './dto/agent.dto';

@Injectable()
export class AgentsService {
  constructor(private readonly rpc: RpcClient) {}

  list(origin: EnvelopeOrigin, query: ListAgentsQueryDto): Promise<Page<AgentView>> {
    const request: AgentListRequest = definedOnly({
      capability: query.capability,
      health: query.health,
      limit: query.limit,
      cursor: query.cursor,
    });
    return this.rpc.call(MessageTypes.rpc.agentList, request, origin);
  }

  create(origin: EnvelopeOrigin, body: CreateAgentDto): Promise<AgentCredentials> {
    const request = { name: body.name, capabilities: body.capabilities };
    return this.rpc.call(MessageTypes.rpc.agentCreate, request, origin);
  }

  async revoke(origin: EnvelopeOrigin, id: string): Promise<void> {
    await this.rpc.call(MessageTypes.rpc.agentDelete, { id }, origin);
  }
}
