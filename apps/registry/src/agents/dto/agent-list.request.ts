import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { payloadProblems, type AgentHealth, type AgentListRequest } from '@ensemble/contracts';
import { invalidAgentListRequest } from '../agents.errors';

export const AGENT_HEALTH_VALUES: readonly AgentHealth[] = ['healthy', 'unhealthy', 'draining', 'offline'];

export class AgentListRequestDto implements AgentListRequest {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  capability?: string;

  @IsOptional()
  @IsIn(AGENT_HEALTH_VALUES)
  health?: AgentHealth;
}

export async function parseAgentListRequest(payload: object): Promise<AgentListRequest> {
  const problems = await payloadProblems(AgentListRequestDto, payload);
  if (problems.length > 0) throw invalidAgentListRequest(problems);
  return payload;
}
