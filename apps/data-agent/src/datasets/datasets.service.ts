import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  KeysetCursor,
  pageSize,
  type CreateDatasetBody,
  type DatasetGetRequest,
  type Page,
  type PageRequest,
} from '@ensemble/contracts';
import { TransactionRunner } from '@ensemble/persistence';
import { CsvError, CsvLimitError, parseCsvRecords } from './csv';
import { datasetExists, datasetNotFound, invalidCsv, tooManyRecords } from './datasets.errors';
import { DatasetsRepository } from './datasets.repository';
import {
  DEFAULT_PAGE_SIZE,
  MAX_DATASET_RECORDS,
  type DatasetView,
  type DatasetWithRecords,
} from './dto/dataset.requests';

const DATASET_CURSOR = new KeysetCursor('datasets', ['timestamp', 'uuid']);

@Injectable()
export class DatasetsService {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Parses everything before writing, and writes the dataset and its records in one transaction. */
  async create(tenantId: string, request: CreateDatasetBody): Promise<DatasetView> {
    const records = recordsOf(request);
    return this.transactions.run(async (tx) => {
      const created = await this.datasets.insert(tx, {
        id: randomUUID(),
        tenantId,
        name: request.name,
        format: request.format,
        recordCount: records.length,
      });
      if (!created) throw datasetExists(request.name);
      await this.datasets.insertRecords(tx, created.id, records);
      return created;
    });
  }

  /** A keyset page of the tenant's datasets, newest first. */
  async list(tenantId: string, request: PageRequest): Promise<Page<DatasetView>> {
    const size = pageSize(request.limit);
    const rows = await this.datasets.list(tenantId, size + 1, DATASET_CURSOR.decode(request.cursor));
    return DATASET_CURSOR.page(
      rows,
      size,
      ({ key: _key, ...view }) => view,
      (row) => row.key,
    );
  }

  async get(tenantId: string, request: DatasetGetRequest): Promise<DatasetWithRecords> {
    const dataset = await this.datasets.find(tenantId, request.id);
    if (!dataset) throw datasetNotFound(request.id);
    const records = await this.datasets.records(
      dataset.id,
      request.offset ?? 0,
      request.limit ?? DEFAULT_PAGE_SIZE,
    );
    return { ...dataset, records };
  }
}

function recordsOf(request: CreateDatasetBody): object[] {
  if (request.format === 'json') return request.records;
  try {
    return parseCsvRecords(request.csv, MAX_DATASET_RECORDS);
  } catch (error) {
    if (error instanceof CsvError) throw invalidCsv(error);
    if (error instanceof CsvLimitError) throw tooManyRecords(MAX_DATASET_RECORDS);
    throw error;
  }
}
