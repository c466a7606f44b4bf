import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetTimestampSql } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import type { DatasetFormat, DatasetView } from './dto/dataset.requests';

interface DatasetRow {
  id: string;
  name: string;
  format: DatasetFormat;
  record_count: number;
  created_at: Date;
}

export interface NewDataset {
  id: string;
  tenantId: string;
  name: string;
  format: DatasetFormat;
  recordCount: number;
}

/** A dataset's place in the listing: its creation time (`keysetTimestampSql`) and id. */
export type DatasetKey = readonly [createdAt: string, id: string];
export type ListedDataset = DatasetView & { key: DatasetKey };

const COLUMNS = 'id, name, format, record_count, created_at';
const INSERT_BATCH = 1000;

@Injectable()
export class DatasetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when the tenant already has a dataset of that name. */
  async insert(tx: Tx, dataset: NewDataset): Promise<DatasetView | undefined> {
    const rows: DatasetRow[] = await tx.query(
      `INSERT INTO datasets (id, tenant_id, name, format, record_count) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING ${COLUMNS}`,
      [dataset.id, dataset.tenantId, dataset.name, dataset.format, dataset.recordCount],
    );
    return rows[0] && toView(rows[0]);
  }

  /** Records are numbered from 0 in the order given. */
  async insertRecords(tx: Tx, datasetId: string, records: readonly object[]): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_BATCH) {
      const batch = records.slice(start, start + INSERT_BATCH);
      await tx.query(
        `INSERT INTO dataset_records (dataset_id, seq, record)
         SELECT $1, seq, record FROM unnest($2::int[], $3::jsonb[]) AS r (seq, record)`,
        [datasetId, batch.map((_, i) => start + i), batch.map((record) => JSON.stringify(record))],
      );
    }
  }

  /** Newest first, strictly after `after` (the key of the last one shown): a keyset page. */
  async list(tenantId: string, limit: number, after?: DatasetKey): Promise<ListedDataset[]> {
    const rows: (DatasetRow & { key_at: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, ${keysetTimestampSql('created_at')} AS key_at FROM datasets
       WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return rows.map((row) => ({ ...toView(row), key: [row.key_at, row.id] }));
  }

  async find(tenantId: string, id: string): Promise<DatasetView | undefined> {
    const rows: DatasetRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM datasets WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] && toView(rows[0]);
  }

  async records(datasetId: string, offset: number, limit: number): Promise<Record<string, unknown>[]> {
    const rows: { record: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT record FROM dataset_records WHERE dataset_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [datasetId, offset, limit],
    );
    return rows.map((row) => row.record);
  }
}

function toView(row: DatasetRow): DatasetView {
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    recordCount: row.record_count,
    createdAt: row.created_at.toISOString(),
  };
}
