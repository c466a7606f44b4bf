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

export interface Announcement {
  agent: AgentRecord;
  /** A registration also sets `registered_at`. */
  registration: boolean;
}

const RECORD = `
  INSERT INTO agents AS a (${COLUMNS}, tenant_id, principal)
  SELECT r.agent_id, r.name, r.version, r.capabilities, r.concurrency, r.host, r.health, r.heard_at,
         r.heard_at, r.tenant_id, r.principal
  FROM jsonb_to_recordset($1::jsonb) AS r(agent_id text, name text, version text, capabilities text[],
    concurrency int, host text, health text, heard_at timestamptz, tenant_id text, principal text)
  ORDER BY r.agent_id
  ON CONFLICT (agent_id) DO UPDATE SET
    name = EXCLUDED.name,
    version = EXCLUDED.version,
    capabilities = EXCLUDED.capabilities,
    concurrency = EXCLUDED.concurrency,
    host = EXCLUDED.host,
    health = EXCLUDED.health,
    registered_at = CASE WHEN $2 THEN EXCLUDED.registered_at ELSE a.registered_at END,
    last_heartbeat_at = EXCLUDED.last_heartbeat_at
  WHERE a.last_heartbeat_at <= EXCLUDED.last_heartbeat_at
    AND (a.principal IS NULL OR a.principal = EXCLUDED.principal)`;

@Injectable()
export class AgentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One announcement; see `recordMany`. */
  async record(agent: AgentRecord, registration: boolean): Promise<void> {
    await this.recordMany([{ agent, registration }]);
  }

  /**
   * Applies announcements unless a later one was already applied for the same agent, so
   * duplicates and out-of-order deliveries change nothing and the heartbeat time never moves
   * backwards. One statement per round of distinct agents (a batch rarely holds an agent twice),
   * rows taken in agent id order so two concurrent batches never deadlock.
   */
  async recordMany(announcements: Announcement[]): Promise<void> {
    for (const round of rounds(announcements))
      for (const registration of [true, false]) {
        const agents = round.filter((a) => a.registration === registration).map((a) => a.agent);
        if (agents.length > 0)
          await this.dataSource.query(RECORD, [JSON.stringify(agents.map(toJson)), registration]);
      }
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

  /**
   * Deletes offline agents that went silent before `before`, and at once those a restarted
   * process replaced: an offline entry whose name, host and principal now belong to an agent that
   * registered after it last spoke (a new process on the same host announces a new agent id).
   * Returns how many.
   */
  async forgetOffline(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM agents a
       WHERE a.health = 'offline'
         AND (a.last_heartbeat_at < $1
              OR EXISTS (SELECT 1 FROM agents b
                         WHERE b.name = a.name AND b.host = a.host
                           AND b.principal IS NOT DISTINCT FROM a.principal
                           AND b.agent_id <> a.agent_id AND b.health <> 'offline'
                           AND b.registered_at >= a.last_heartbeat_at))`,
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

/** Consecutive runs of announcements with distinct agent ids, in arrival order. */
function rounds(announcements: Announcement[]): Announcement[][] {
  const result: Announcement[][] = [];
  let round: Announcement[] = [];
  let ids = new Set<string>();
  for (const announcement of announcements) {
    if (ids.has(announcement.agent.agentId)) {
      result.push(round);
      round = [];
      ids = new Set();
    }
    round.push(announcement);
    ids.add(announcement.agent.agentId);
  }
  if (round.length > 0) result.push(round);
  return result;
}

function toJson(agent: AgentRecord): Record<string, unknown> {
  return {
    agent_id: agent.agentId,
    name: agent.name,
    version: agent.version,
    capabilities: agent.capabilities,
    concurrency: agent.concurrency,
    host: agent.host,
    health: agent.health,
    heard_at: agent.heardAt.toISOString(),
    tenant_id: agent.tenantId,
    principal: agent.principal,
  };
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
