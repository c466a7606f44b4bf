import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DATASET_FORMATS, DATASET_LIMITS } from '@ensemble/contracts';

export { DATASET_FORMATS };
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export const MAX_DATASET_RECORDS = DATASET_LIMITS.maxRecords;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/**
 * `dataset.create.v1`: `{ name, format: 'json', records }` or `{ name, format: 'csv', csv }`,
 * where the CSV's first row names the columns. The gateway has checked the body against
 * `CREATE_DATASET_SCHEMA`; these rules repeat its bounds for the RPC payload.
 */
export class CreateDatasetRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(DATASET_LIMITS.maxNameLength)
  name!: string;

  @IsIn(DATASET_FORMATS)
  format!: DatasetFormat;

  @ValidateIf((o: CreateDatasetRequest) => o.format === 'json')
  @IsArray()
  @ArrayMaxSize(MAX_DATASET_RECORDS)
  @IsObject({ each: true })
  records?: Record<string, unknown>[];

  @ValidateIf((o: CreateDatasetRequest) => o.format === 'csv')
  @IsString()
  @MaxLength(DATASET_LIMITS.maxCsvLength)
  csv?: string;
}

/** `dataset.get.v1`: the dataset and one page of its records, in order. */
export class GetDatasetRequest {
  @IsUUID()
  id!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DATASET_RECORDS)
  offset?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export type { DatasetView, DatasetWithRecords } from '@ensemble/contracts';
