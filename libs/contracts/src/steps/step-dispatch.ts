import { IsInt, IsObject, IsOptional, IsString, IsUUID, Min } from 'class-validator';

/** Orchestrator → agent: perform one attempt of one step. Sent to `cap.<capability>`. */
export class StepDispatchPayload {
  @IsUUID()
  runId!: string;

  @IsString()
  stepId!: string;

  @IsInt()
  @Min(1)
  attempt!: number;

  @IsString()
  capability!: string;

  @IsOptional()
  @IsString()
  action?: string;

  /** Result of the step's `input` expression. */
  input!: unknown;

  /** The step's static `params`, passed through unchanged. */
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  /** ISO time after which the orchestrator treats the attempt as timed out. */
  @IsOptional()
  @IsString()
  deadline?: string;
}
