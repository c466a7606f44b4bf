import { DATASET_FORMATS, DATASET_LIMITS, MAX_DATASET_PAGE } from '@ensemble/contracts';

export { DATASET_FORMATS };
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export const MAX_DATASET_RECORDS = DATASET_LIMITS.maxRecords;
export const MAX_PAGE_SIZE = MAX_DATASET_PAGE;
export const DEFAULT_PAGE_SIZE = 100;

export type { DatasetView, DatasetWithRecords } from '@ensemble/contracts';
