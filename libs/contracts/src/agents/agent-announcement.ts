import { IsArray, IsInt, IsOptional, IsString, Min } from 'class-validator';

/** Agent → registry (events exchange): who I am and what I can do. Sent at start and as heartbeat. */
export class AgentAnnouncementPayload {
  @IsString()
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
