import { Injectable } from '@nestjs/common';
import type { AgentPrincipalView } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';
import { DataSource } from 'typeorm';

interface PrincipalRow {
  id: string;
  tenant_id: string;
  name: string;
  capabilities: string[];
  username: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant_id, name, capabilities, username, created_at, revoked_at';

@Injectable()
export class PrincipalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a live principal; false when the tenant already has a live one of that name. */
  async insert(
    tx: Tx,
    p: Omit<AgentPrincipalView, 'createdAt' | 'revokedAt'>,
  ): Promise<AgentPrincipalView | null> {
    const rows: PrincipalRow[] = await tx.query(
      `INSERT INTO agent_principals (id, tenant_id, name, capabilities, username) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, name) WHERE revoked_at IS NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [p.id, p.tenantId, p.name, p.capabilities, p.username],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Marks the tenant's principal revoked; returns it (revoked earlier or now), or null if it is not the tenant's. */
  async revoke(tx: Tx, tenantId: string, id: string): Promise<AgentPrincipalView | null> {
    const rows: PrincipalRow[] = await tx.query(
      `WITH revoked AS (
         UPDATE agent_principals SET revoked_at = coalesce(revoked_at, now())
         WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}
       ) SELECT * FROM revoked`,
      [tenantId, id],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /** The live principals among `usernames`. */
  async findLive(usernames: string[]): Promise<AgentPrincipalView[]> {
    if (usernames.length === 0) return [];
    const rows: PrincipalRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM agent_principals WHERE username = ANY ($1) AND revoked_at IS NULL`,
      [usernames],
    );
    return rows.map(toView);
  }

  /** Every capability the tenant's live agents declared. */
  async declaredCapabilities(tenantId: string): Promise<string[]> {
    const rows: { capability: string }[] = await this.dataSource.query(
      `SELECT DISTINCT unnest(capabilities) AS capability FROM agent_principals
       WHERE tenant_id = $1 AND revoked_at IS NULL ORDER BY 1`,
      [tenantId],
    );
    return rows.map((r) => r.capability);
  }
}

function toView(row: PrincipalRow): AgentPrincipalView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    capabilities: row.capabilities,
    username: row.username,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
