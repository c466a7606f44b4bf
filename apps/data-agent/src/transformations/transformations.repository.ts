import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TransformationView } from './dto/create-transformation.request';

interface TransformationRow {
  id: string;
  name: string;
  expression: string;
  created_at: Date;
}

const COLUMNS = 'id, name, expression, created_at';

@Injectable()
export class TransformationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when the tenant already has a transformation of that name. */
  async insert(
    tenantId: string,
    id: string,
    name: string,
    expression: string,
  ): Promise<TransformationView | undefined> {
    const rows: TransformationRow[] = await this.dataSource.query(
      `INSERT INTO transformations (id, tenant_id, name, expression) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING ${COLUMNS}`,
      [id, tenantId, name, expression],
    );
    return rows[0] && toView(rows[0]);
  }

  /** By name, strictly after the name `after`: a keyset page (names are unique per tenant). */
  async list(tenantId: string, limit: number, after?: string): Promise<TransformationView[]> {
    const rows: TransformationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM transformations WHERE tenant_id = $1 AND ($2::text IS NULL OR name > $2)
       ORDER BY name LIMIT $3`,
      [tenantId, after ?? null, limit],
    );
    return rows.map(toView);
  }

  async findExpression(tenantId: string, name: string): Promise<string | undefined> {
    const rows: { expression: string }[] = await this.dataSource.query(
      `SELECT expression FROM transformations WHERE tenant_id = $1 AND name = $2`,
      [tenantId, name],
    );
    return rows[0]?.expression;
  }
}

function toView(row: TransformationRow): TransformationView {
  return { id: row.id, name: row.name, expression: row.expression, createdAt: row.created_at.toISOString() };
}
