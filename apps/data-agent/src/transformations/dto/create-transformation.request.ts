import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export const TRANSFORMATION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `transformation.create.v1`: a named JSONata expression, referenced by `params.transformation`. */
export class CreateTransformationRequest {
  @Matches(TRANSFORMATION_NAME)
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  expression!: string;
}

export type { TransformationView } from '@ensemble/contracts';
