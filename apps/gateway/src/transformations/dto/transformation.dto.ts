import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { RESOURCE_NAME } from '../../http/params';

export class CreateTransformationDto {
  @ApiProperty({ example: 'order-totals', pattern: RESOURCE_NAME.source })
  @Matches(RESOURCE_NAME, {
    message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  name: string;

  @ApiProperty({ example: '$sum(items.price)', description: 'A JSONata expression' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  expression: string;
}

export class TransformationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  expression: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
