import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ErrorCodes, type ErrorCode } from '@ensemble/contracts';
import type { ProblemDocument, ProblemError } from './problem-document';

@ApiSchema({ name: 'ProblemError', description: 'One thing wrong with the request.' })
export class ProblemErrorDto implements ProblemError {
  @ApiProperty({
    description: "Where: a field path such as steps[0].id or /order/amount; '' for the request as a whole",
    example: 'steps[0].id',
  })
  path: string;

  @ApiProperty({
    description: 'What is wrong there',
    example: 'must be shorter than or equal to 64 characters',
  })
  message: string;
}

@ApiSchema({
  name: 'Problem',
  description: 'RFC 9457 problem details: every error the gateway sends, as application/problem+json.',
})
export class ProblemDto implements ProblemDocument {
  @ApiProperty({ description: 'A URI per code', example: 'urn:ensemble:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ description: 'The HTTP status', example: 400 })
  status: number;

  @ApiProperty({ example: 'the request is invalid' })
  detail: string;

  @ApiProperty({ description: 'The path of the request', example: '/api/v1/workflows' })
  instance: string;

  @ApiProperty({
    description: 'Also in the x-correlation-id header and in every log line about the request',
    example: '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10',
  })
  correlationId: string;

  @ApiProperty({ enum: ErrorCodes, enumName: 'ErrorCode' })
  code: ErrorCode;

  @ApiProperty({
    required: false,
    description: 'Where the request was wrong, when the error is about parts of it',
    type: [ProblemErrorDto],
  })
  errors?: ProblemErrorDto[];
}
