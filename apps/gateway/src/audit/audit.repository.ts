import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AuditEntry {
  tenantId: string;
  actor: string;
  role: string;
  method: string;
  path: string;
  status: number;
  correlationId: string;
  at: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async insertMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_log (tenant_id, actor, role, method, path, status, correlation_id, at)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[],
                            $7::text[], $8::timestamptz[])`,
      [
        entries.map((e) => e.tenantId),
        entries.map((e) => e.actor),
        entries.map((e) => e.role),
        entries.map((e) => e.method),
        entries.map((e) => e.path),
        entries.map((e) => e.status),
        entries.map((e) => e.correlationId),
        entries.map((e) => e.at.toISOString()),
      ],
    );
  }
}
