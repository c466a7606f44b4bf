import { IsArray, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

/** Agent ids are bounded so that a page cursor naming one stays short. */
export const MAX_AGENT_ID_LENGTH = 200;

/** Agent → registry (events exchange): who I am and what I can do. Sent at start and as heartbeat. */
export class AgentAnnouncementPayload {
  @IsString()
  @Length(1, MAX_AGENT_ID_LENGTH)
  agentId!: string;

  @IsString()
  name!: string;

  @IsString()
  version!: string;

  @IsArray()
  @IsString({ each: true })
  capabilities!: string[];

  @IsInt()
  @Min(1)
  concurrency!: number;

  @IsOptional()
  @IsString()
  status?: 'healthy' | 'draining';

  @IsOptional()
  @IsString()
  host?: string;
}
