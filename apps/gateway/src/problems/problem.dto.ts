import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCodes, type ErrorCode } from '@ensemble/contracts';
import type { ProblemDocument } from './problem-document';

export class ProblemDto implements ProblemDocument {
  @ApiProperty({ example: 'urn:ensemble:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'the request is invalid' })
  detail: string;

  @ApiProperty({ example: '/api/v1/workflows' })
  instance: string;

  @ApiProperty({ example: '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10' })
  correlationId: string;

  @ApiProperty({ enum: ErrorCodes })
  code: ErrorCode;

  @ApiPropertyOptional({
    description: 'Where the request was wrong, e.g. [{ "path": "steps[0].id", "message": "…" }]',
    type: 'array',
    items: { type: 'object' },
  })
  errors?: unknown;
}
