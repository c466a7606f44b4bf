import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

export const DATASET_FORMATS = ['json', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
const MAX_RECORDS = 100_000;
const MAX_RECORDS_PAGE = 1000;

/** `{ name, format: 'json', records }` or `{ name, format: 'csv', csv }` (first row names the columns). */
export class CreateDatasetDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: DATASET_FORMATS })
  @IsIn(DATASET_FORMATS)
  format: DatasetFormat;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'When format is json' })
  @ValidateIf((o: CreateDatasetDto) => o.format === 'json')
  @IsArray()
  @ArrayMaxSize(MAX_RECORDS)
  @IsObject({ each: true })
  records?: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'When format is csv; the first row names the columns' })
  @ValidateIf((o: CreateDatasetDto) => o.format === 'csv')
  @IsString()
  csv?: string;
}

export class GetDatasetQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RECORDS, description: 'First record to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_RECORDS)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RECORDS_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECORDS_PAGE)
  limit?: number;
}

export class DatasetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: DATASET_FORMATS })
  format: DatasetFormat;

  @ApiProperty()
  recordCount: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class DatasetWithRecordsDto extends DatasetDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  records: Record<string, unknown>[];
}
