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

export const DATASET_FORMATS = ['json', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export const MAX_DATASET_RECORDS = 100_000;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/**
 * `dataset.create.v1`: `{ name, format: 'json', records }` or `{ name, format: 'csv', csv }`,
 * where the CSV's first row names the columns.
 */
export class CreateDatasetRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
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
  @MaxLength(50_000_000)
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

export interface DatasetView {
  id: string;
  name: string;
  format: DatasetFormat;
  recordCount: number;
  createdAt: string;
}

export interface DatasetWithRecords extends DatasetView {
  records: Record<string, unknown>[];
}
