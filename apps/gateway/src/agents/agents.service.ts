import { Injectable } from '@nestjs/common';
import {
  MessageTypes,
  type AgentListRequest,
  type AgentView,
  type EnvelopeOrigin,
} from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { ListAgentsQueryDto } from './dto/agent.dto';

@Injectable()
export class AgentsService {
  constructor(private readonly rpc: RpcClient) {}

  list(origin: EnvelopeOrigin, query: ListAgentsQueryDto): Promise<AgentView[]> {
    const request: AgentListRequest = definedOnly({ capability: query.capability, health: query.health });
    return this.rpc.request('registry', MessageTypes.rpc.agentList, request, origin);
  }
}
