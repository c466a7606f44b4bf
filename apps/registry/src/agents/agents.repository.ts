import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgentHealth, AgentListRequest, AgentView } from '@ensemble/contracts';
import type { SweepCutoffs } from './agent-health';

export interface AgentRecord {
  agentId: string;
  name: string;
  version: string;
  capabilities: string[];
  concurrency: number;
  host: string | null;
  health: AgentHealth;
  heardAt: Date;
  /** Null for the fleet's own agents, which serve every tenant. */
  tenantId: string | null;
  /** The broker user that announced it; nobody else may update its entry. */
  principal: string;
}

interface AgentRow {
  agent_id: string;
  name: string;
  version: string;
  capabilities: string[];
  concurrency: number;
  host: string | null;
  health: AgentHealth;
  registered_at: Date;
  last_heartbeat_at: Date;
}

export type AgentListFilter = Pick<AgentListRequest, 'capability' | 'health'>;

export interface HealthChange {
  agentId: string;
  health: AgentHealth;
}

const COLUMNS = `agent_id, name, version, capabilities, concurrency, host, health, registered_at,
  last_heartbeat_at`;

@Injectable()
export class AgentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies an announcement unless a later one was already applied, so duplicates and
   * out-of-order deliveries change nothing and the heartbeat time never moves backwards.
   */
  async record(agent: AgentRecord, registration: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO agents AS a (${COLUMNS}, tenant_id, principal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $10, $11)
       ON CONFLICT (agent_id) DO UPDATE SET
         name = EXCLUDED.name,
         version = EXCLUDED.version,
         capabilities = EXCLUDED.capabilities,
         concurrency = EXCLUDED.concurrency,
         host = EXCLUDED.host,
         health = EXCLUDED.health,
         registered_at = CASE WHEN $9 THEN EXCLUDED.registered_at ELSE a.registered_at END,
         last_heartbeat_at = EXCLUDED.last_heartbeat_at
       WHERE a.last_heartbeat_at <= EXCLUDED.last_heartbeat_at
         AND (a.principal IS NULL OR a.principal = EXCLUDED.principal)`,
      [
        agent.agentId,
        agent.name,
        agent.version,
        agent.capabilities,
        agent.concurrency,
        agent.host,
        agent.health,
        agent.heardAt,
        registration,
        agent.tenantId,
        agent.principal,
      ],
    );
  }

  /**
   * Marks silent agents unhealthy or offline in one statement. Rows another replica is sweeping
   * (or a heartbeat is updating) are skipped; the next sweep sees them.
   */
  async sweep(cutoffs: SweepCutoffs): Promise<HealthChange[]> {
    const rows: [{ agent_id: string; health: AgentHealth }[], number] = await this.dataSource.query(
      `UPDATE agents a
       SET health = CASE WHEN a.last_heartbeat_at <= $2 THEN 'offline' ELSE 'unhealthy' END
       FROM (
         SELECT agent_id FROM agents
         WHERE health <> 'offline'
           AND last_heartbeat_at <= $1
           AND (health <> 'unhealthy' OR last_heartbeat_at <= $2)
         ORDER BY agent_id
         FOR UPDATE SKIP LOCKED
       ) due
       WHERE a.agent_id = due.agent_id
       RETURNING a.agent_id, a.health`,
      [cutoffs.unhealthyAtOrBefore, cutoffs.offlineAtOrBefore],
    );
    return rows[0].map((row) => ({ agentId: row.agent_id, health: row.health }));
  }

  /** Deletes agents offline since before `before`; returns how many. */
  async forgetOffline(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM agents WHERE health = 'offline' AND last_heartbeat_at < $1`,
      [before],
    );
    return result[1];
  }

  /**
   * Up to `limit` agents after `after` in `agent_id` order (byte order, the same everywhere): the
   * fleet's agents and the tenant's own, each range read in order from `agents_list`.
   */
  async list(
    tenantId: string,
    filter: AgentListFilter,
    after: string | undefined,
    limit: number,
  ): Promise<AgentView[]> {
    const branch = (tenant: string): string =>
      `(SELECT ${COLUMNS} FROM agents
        WHERE ${tenant}
          AND ($1::text IS NULL OR agent_id COLLATE "C" > $1)
          AND ($2::text IS NULL OR $2 = ANY (capabilities))
          AND ($3::text IS NULL OR health = $3)
        ORDER BY agent_id COLLATE "C" LIMIT $5)`;
    const rows: AgentRow[] = await this.dataSource.query(
      `SELECT * FROM (${branch('tenant_id IS NULL')} UNION ALL ${branch('tenant_id = $4')}) page
       ORDER BY agent_id COLLATE "C" LIMIT $5`,
      [after ?? null, filter.capability ?? null, filter.health ?? null, tenantId, limit],
    );
    return rows.map(toView);
  }
}

function toView(row: AgentRow): AgentView {
  return {
    agentId: row.agent_id,
    name: row.name,
    version: row.version,
    capabilities: row.capabilities,
    concurrency: row.concurrency,
    health: row.health,
    host: row.host,
    registeredAt: row.registered_at.toISOString(),
    lastHeartbeatAt: row.last_heartbeat_at.toISOString(),
  };
}
