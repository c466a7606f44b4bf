import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';

export class StepErrorPayload {
  @IsString()
  code!: string;

  @IsString()
  message!: string;

  @IsBoolean()
  retryable!: boolean;

  @IsOptional()
  details?: unknown;
}

export const STEP_OUTCOMES = ['succeeded', 'failed'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** Agent → orchestrator: how one attempt ended. `taskId` is the dispatch message id. */
export class StepResultPayload {
  @IsUUID()
  runId!: string;

  @IsString()
  stepId!: string;

  @IsInt()
  @Min(1)
  attempt!: number;

  @IsUUID()
  taskId!: string;

  @IsIn(STEP_OUTCOMES)
  outcome!: StepOutcome;

  @IsOptional()
  output?: unknown;

  @IsOptional()
  @ValidateNested()
  @Type(() => StepErrorPayload)
  error?: StepErrorPayload;

  @IsString()
  agentId!: string;

  @IsInt()
  @Min(0)
  durationMs!: number;
}

/** Orchestrator → agents (events exchange): stop working on this run's tasks. */
export class StepCancelPayload {
  @IsUUID()
  runId!: string;

  @IsOptional()
  @IsString()
  stepId?: string;

  @IsString()
  reason!: string;
}
