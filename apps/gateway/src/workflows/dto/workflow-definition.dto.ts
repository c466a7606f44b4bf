import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CAPABILITY_PATTERN,
  STEP_ID_PATTERN,
  type OnFailure,
  type RetryPolicy,
  type StepDefinition,
  type TaskSpec,
  type WorkflowDefinition,
} from '@ensemble/contracts';

/** Shape only; the orchestrator checks the rest (expressions, cycles, dangling dependsOn). */
export class RetryPolicyDto implements RetryPolicy {
  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  maxAttempts: number;

  @ApiPropertyOptional({ enum: ['fixed', 'exponential'] })
  @IsOptional()
  @IsIn(['fixed', 'exponential'])
  backoff?: 'fixed' | 'exponential';

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  initialDelayMs?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxDelayMs?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  jitter?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  nonRetryableErrors?: string[];
}

export class TaskSpecDto implements TaskSpec {
  @ApiProperty({ example: 'data.transform', pattern: CAPABILITY_PATTERN.source })
  @Matches(CAPABILITY_PATTERN)
  capability: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ description: 'JSONata over { input, steps }' })
  @IsOptional()
  @IsString()
  input?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class StepDefinitionDto extends TaskSpecDto implements StepDefinition {
  @ApiProperty({ example: 'validate', pattern: STEP_ID_PATTERN.source })
  @Matches(STEP_ID_PATTERN)
  id: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  dependsOn?: string[];

  @ApiPropertyOptional({ description: 'JSONata condition; false skips the step' })
  @IsOptional()
  @IsString()
  when?: string;

  @ApiPropertyOptional({ type: RetryPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retry?: RetryPolicyDto;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  timeoutMs?: number;

  @ApiPropertyOptional({ enum: ['fail', 'continue', 'compensate'] })
  @IsOptional()
  @IsIn(['fail', 'continue', 'compensate'])
  onFailure?: OnFailure;

  @ApiPropertyOptional({ type: TaskSpecDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskSpecDto)
  compensate?: TaskSpecDto;
}

export class WorkflowDefinitionDto implements WorkflowDefinition {
  @ApiProperty({ example: 'order-intake' })
  @IsString()
  @Length(1, 128)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema of the run input',
  })
  @IsOptional()
  @IsObject()
  inputSchema?: Record<string, unknown>;

  @ApiProperty({ type: [StepDefinitionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StepDefinitionDto)
  steps: StepDefinitionDto[];

  @ApiPropertyOptional({ description: 'JSONata over { input, steps } giving the run output' })
  @IsOptional()
  @IsString()
  output?: string;
}
