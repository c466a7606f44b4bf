/** Registry RPC (`<prefix>.rpc.registry`). */
export type AgentHealth = 'healthy' | 'unhealthy' | 'draining' | 'offline';

export interface AgentView {
  agentId: string;
  name: string;
  version: string;
  capabilities: string[];
  concurrency: number;
  health: AgentHealth;
  host: string | null;
  registeredAt: string;
  lastHeartbeatAt: string;
}

/** One page of agents in `agentId` order (`Page<AgentView>` in reply). */
export interface AgentListRequest {
  capability?: string;
  health?: AgentHealth;
  /** Page size: `DEFAULT_PAGE_SIZE` when absent, at most `MAX_PAGE_SIZE`. */
  limit?: number;
  /** `nextCursor` of the previous page; the first page when absent. */
  cursor?: string;
}

/** Versioned resources owned by an agent (rule sets, decision tables). */
export type ResourceStatus = 'draft' | 'active' | 'archived';

export interface VersionedResourceCreateRequest<T> {
  name: string;
  /** The content: rules for a rule set, a table for a decision table. */
  body: T;
  /** Create as active (archiving the previous active version) instead of draft. */
  activate?: boolean;
}

export interface VersionedResourceView<T> {
  name: string;
  version: number;
  status: ResourceStatus;
  body: T;
  createdAt: string;
}

export interface ResourceListRequest {
  name?: string;
  /** Page size: `DEFAULT_PAGE_SIZE` when absent, at most `MAX_PAGE_SIZE`. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}
