import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import {
  CAPABILITY_PATTERN,
  type AgentCredentials,
  type AgentHealth,
  type AgentListRequest,
  type AgentPrincipalCreateRequest,
  type AgentView,
  type Page,
} from '@ensemble/contracts';
import { PageQueryDto } from '../../http/page-query.dto';

const HEALTH: readonly AgentHealth[] = ['healthy', 'unhealthy', 'draining', 'offline'];

export class ListAgentsQueryDto extends PageQueryDto implements AgentListRequest {
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

export class AgentPageDto implements Page<AgentView> {
  @ApiProperty({ type: [AgentDto] })
  items: AgentDto[];

  @ApiProperty({ type: String, nullable: true, description: 'cursor of the next page; null on the last' })
  nextCursor: string | null;
}

export class CreateAgentDto implements AgentPrincipalCreateRequest {
  @ApiProperty({ example: 'invoice-ocr', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({
    type: [String],
    example: ['invoice.ocr'],
    description: "Capabilities this agent may serve for the caller's tenant (not the fleet's own)",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(CAPABILITY_PATTERN, { each: true })
  capabilities: string[];
}

export class AgentBrokerCredentialsDto {
  @ApiProperty()
  username: string;

  @ApiProperty({ description: 'Shown once; store it in a secret' })
  password: string;

  @ApiProperty()
  vhost: string;

  @ApiProperty({ description: 'Queue to consume, per capability', additionalProperties: { type: 'string' } })
  consume: Record<string, string>;

  @ApiProperty({ description: 'Queue results are sent to (default exchange)' })
  results: string;

  @ApiProperty({ description: 'Topic exchange for announcements' })
  events: string;
}

export class AgentCredentialsDto implements AgentCredentials {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  tenantId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String] })
  capabilities: string[];

  @ApiProperty()
  username: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', type: String, nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: AgentBrokerCredentialsDto })
  broker: AgentBrokerCredentialsDto;
}
