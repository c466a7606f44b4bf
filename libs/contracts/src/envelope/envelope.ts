import {
  IsDefined,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

/** Message types are `<noun>.<verb>.v<major>`; the suffix is the envelope's `version`. */
export const MESSAGE_TYPE_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+\.v\d+$/;

/**
 * The one envelope every message on the bus carries. Consumers validate it before use; a message
 * that fails validation is dead-lettered with the reason.
 */
export class Envelope<P extends object = Record<string, unknown>> {
  @IsUUID()
  id!: string;

  @Matches(MESSAGE_TYPE_PATTERN)
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  @MaxLength(128)
  tenantId!: string;

  @IsString()
  @MaxLength(128)
  correlationId!: string;

  @IsString()
  @MaxLength(128)
  causationId!: string;

  @IsOptional()
  @IsUUID()
  runId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  stepId?: string;

  @IsInt()
  @Min(1)
  attempt!: number;

  @IsISO8601()
  occurredAt!: string;

  @IsOptional()
  @IsString()
  traceparent?: string;

  @IsDefined()
  @IsObject()
  payload!: P;
}

export function versionOf(type: string): number {
  const match = /\.v(\d+)$/.exec(type);
  if (!match?.[1]) throw new Error(`message type ${type} has no version suffix`);
  return Number(match[1]);
}
