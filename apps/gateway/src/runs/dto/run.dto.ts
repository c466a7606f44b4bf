import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import {
  RUN_STATUSES,
  STRICT_ISO8601,
  STEP_STATUSES,
  type RunEventView,
  type RunStatus,
  type RunView,
  type StepErrorView,
  type StepRunView,
  type StepStatus,
} from '@ensemble/contracts';
import { jsonValue } from '../../http/json-value';
import { PageQueryDto } from '../../http/page-query.dto';

export class ListRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @ApiPropertyOptional({ description: 'Workflow name' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  workflow?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601(STRICT_ISO8601)
  createdAfter?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601(STRICT_ISO8601)
  createdBefore?: string;
}

export class RunControlDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class StepErrorDto implements StepErrorView {
  @ApiProperty()
  code: string;

  @ApiProperty()
  message: string;

  @ApiProperty()
  retryable: boolean;

  @ApiProperty(jsonValue('What the agent reported about the error', false))
  details?: unknown;
}

export class StepRunDto implements StepRunView {
  @ApiProperty()
  stepId: string;

  @ApiProperty()
  capability: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;

  @ApiProperty()
  attempt: number;

  @ApiProperty(jsonValue('What the step was given; null until it is dispatched'))
  input: unknown;

  @ApiProperty(jsonValue('What the step returned; null until it succeeds'))
  output: unknown;

  @ApiProperty({ type: StepErrorDto, nullable: true })
  error: StepErrorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dispatchedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export class RunSummaryDto implements Omit<RunView, 'steps'> {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  tenantId: string;

  @ApiProperty()
  workflow: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  @ApiProperty(jsonValue("The run's input"))
  input: unknown;

  @ApiProperty(jsonValue("The run's output; null until it succeeds"))
  output: unknown;

  @ApiProperty({ type: StepErrorDto, nullable: true })
  error: StepErrorDto | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class RunDto extends RunSummaryDto implements RunView {
  @ApiProperty({ type: [StepRunDto] })
  steps: StepRunDto[];
}

export class RunPageDto {
  @ApiProperty({ type: [RunSummaryDto] })
  items: RunSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class RunEventDto implements RunEventView {
  @ApiProperty()
  seq: number;

  @ApiProperty({ example: 'step.succeeded' })
  type: string;

  @ApiProperty({ type: String, nullable: true })
  stepId: string | null;

  @ApiProperty(jsonValue('What the event records (its shape depends on type)'))
  data: unknown;

  @ApiProperty({ format: 'date-time' })
  at: string;
}
