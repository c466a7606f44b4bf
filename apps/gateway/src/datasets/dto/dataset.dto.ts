import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DATASET_FORMATS, DATASET_LIMITS } from '@ensemble/contracts';

export type DatasetFormat = (typeof DATASET_FORMATS)[number];
const MAX_RECORDS = DATASET_LIMITS.maxRecords;
const MAX_RECORDS_PAGE = 1000;

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
