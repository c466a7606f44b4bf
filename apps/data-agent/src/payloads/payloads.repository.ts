import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PayloadRow {
  id: string;
  tenantId: string;
  sha256: string;
  bytes: number;
  /** The body as JSON text. */
  json: string;
}

@Injectable()
export class PayloadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Storing the same id again is a no-op, so a redelivered task stores its payload once. */
  async insert(row: PayloadRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO payloads (id, tenant_id, sha256, bytes, body) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [row.id, row.tenantId, row.sha256, row.bytes, row.json],
    );
  }

  async findBody(tenantId: string, id: string): Promise<{ body: unknown } | undefined> {
    const rows: { body: unknown }[] = await this.dataSource.query(
      `SELECT body FROM payloads WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0];
  }
}
