import { bodySchema } from './body-validator';
import type { FromSchema } from './from-schema';

export const DATASET_FORMATS = ['json', 'csv'] as const;
export const DATASET_LIMITS = { maxNameLength: 200, maxRecords: 100_000, maxCsvLength: 50_000_000 } as const;

const name = { type: 'string', minLength: 1, maxLength: DATASET_LIMITS.maxNameLength } as const;

/** `{ name, format: 'json', records }` or `{ name, format: 'csv', csv }`. */
export const CREATE_DATASET_SCHEMA = {
  type: 'object',
  required: ['format'],
  properties: { format: { type: 'string', enum: DATASET_FORMATS } },
  discriminator: { propertyName: 'format' },
  oneOf: [
    {
      type: 'object',
      required: ['name', 'format', 'records'],
      additionalProperties: false,
      properties: {
        name,
        format: { type: 'string', enum: ['json'] },
        records: {
          type: 'array',
          maxItems: DATASET_LIMITS.maxRecords,
          items: { type: 'object', additionalProperties: true },
        },
      },
    },
    {
      type: 'object',
      required: ['name', 'format', 'csv'],
      additionalProperties: false,
      properties: {
        name,
        format: { type: 'string', enum: ['csv'] },
        csv: {
          type: 'string',
          maxLength: DATASET_LIMITS.maxCsvLength,
          description: 'The first row names the columns',
        },
      },
    },
  ],
} as const;

export const createDatasetProblems = bodySchema('CreateDataset', CREATE_DATASET_SCHEMA);

export type CreateDatasetBody = FromSchema<typeof CREATE_DATASET_SCHEMA>;
