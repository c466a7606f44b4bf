import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  bodySchemaRef,
  MAX_INT4,
  type Page,
  type WorkflowDefinition,
  type WorkflowView,
} from '@ensemble/contracts';
import { jsonValue } from '../../http/json-value';
import { PageQueryDto } from '../../http/page-query.dto';

export class ListWorkflowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  name?: string;
}

export class ExecuteWorkflowDto {
  @ApiProperty(jsonValue('The run input (checked against the workflow inputSchema); {} when absent', false))
  @Allow()
  input?: unknown;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_INT4, description: 'The latest when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  version?: number;

  @ApiPropertyOptional({
    description: 'The same key returns the same run (an Idempotency-Key header works too)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string;
}

export class WorkflowViewDto implements WorkflowView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ allOf: [bodySchemaRef('WorkflowDefinition')] })
  definition: WorkflowDefinition;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class WorkflowPageDto implements Page<WorkflowView> {
  @ApiProperty({ type: [WorkflowViewDto] })
  items: WorkflowViewDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class RunLinksDto {
  @ApiProperty({ example: '/api/v1/runs/6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10' })
  self: string;
}

export class RunStartedDto {
  @ApiProperty({ format: 'uuid' })
  runId: string;

  @ApiProperty({ description: 'False when the idempotency key matched an earlier run' })
  created: boolean;

  @ApiProperty({ type: RunLinksDto })
  links: RunLinksDto;
}
