import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  MAX_CURSOR_LENGTH,
  MAX_PAGE_SIZE,
  storablePayloadProblems,
  type AgentHealth,
  type AgentListRequest,
} from '@ensemble/contracts';
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

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** Its content is checked by `decodeAgentCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}

export async function parseAgentListRequest(payload: object): Promise<AgentListRequest> {
  const problems = await storablePayloadProblems(AgentListRequestDto, payload);
  if (problems.length > 0) throw invalidAgentListRequest(problems);
  return payload;
}
