import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '@ensemble/persistence';
import type { AgentPrincipalGrantedPayload, AgentPrincipalRevokedPayload } from '@ensemble/contracts';
import type { AgentGrant } from './entitlement';

@Injectable()
export class PrincipalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a grant; a principal once revoked stays revoked, whatever order the events arrive in. */
  async grant(p: AgentPrincipalGrantedPayload): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO agent_principals AS a (username, agent_id, tenant_id, capabilities)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET capabilities = EXCLUDED.capabilities, updated_at = now()
       WHERE a.revoked_at IS NULL`,
      [p.username, p.agentId, p.tenantId, p.capabilities],
    );
  }

  async revoke(p: AgentPrincipalRevokedPayload): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO agent_principals AS a (username, agent_id, tenant_id, capabilities, revoked_at)
       VALUES ($1, $2, $3, '{}', now())
       ON CONFLICT (username) DO UPDATE SET revoked_at = coalesce(a.revoked_at, now()), updated_at = now()`,
      [p.username, p.agentId, p.tenantId ?? ''],
    );
  }

  /** Live grants of the given users (revoked ones are absent). */
  async grantsOf(tx: Tx, usernames: string[]): Promise<Map<string, AgentGrant>> {
    if (usernames.length === 0) return new Map();
    const rows: { username: string; tenant_id: string; capabilities: string[] }[] = await tx.query(
      `SELECT username, tenant_id, capabilities FROM agent_principals
       WHERE username = ANY ($1::text[]) AND revoked_at IS NULL`,
      [usernames],
    );
    return new Map(rows.map((r) => [r.username, { tenantId: r.tenant_id, capabilities: r.capabilities }]));
  }
}
