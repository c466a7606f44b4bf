import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { AgentHealth, AgentListRequest, AgentView } from '@ensemble/contracts';

const HEALTH: readonly AgentHealth[] = ['healthy', 'unhealthy', 'draining', 'offline'];

export class ListAgentsQueryDto implements AgentListRequest {
  @ApiPropertyOptional({ example: 'data.transform' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  capability?: string;

  @ApiPropertyOptional({ enum: HEALTH })
  @IsOptional()
  @IsIn(HEALTH)
  health?: AgentHealth;
}

export class AgentDto implements AgentView {
  @ApiProperty()
  agentId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  version: string;

  @ApiProperty({ type: [String] })
  capabilities: string[];

  @ApiProperty()
  concurrency: number;

  @ApiProperty({ enum: HEALTH })
  health: AgentHealth;

  @ApiProperty({ type: String, nullable: true })
  host: string | null;

  @ApiProperty({ format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ format: 'date-time' })
  lastHeartbeatAt: string;
}
