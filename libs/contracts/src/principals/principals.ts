import { IsArray, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { CAPABILITY_PATTERN } from '../workflows/workflow-definition';

/**
 * Who may be on the bus. Every fleet app and every agent connects as its own RabbitMQ user; the
 * broker stamps nothing, but it refuses a message whose `user-id` property differs from the
 * connection's login, so consumers can trust `user-id` and nothing else about a sender.
 */
export const FLEET_APPS = [
  'gateway',
  'orchestrator',
  'registry',
  'validation-agent',
  'decision-agent',
  'data-agent',
  'coordinator-agent',
] as const;
export type FleetApp = (typeof FLEET_APPS)[number];

/** The fleet's own agents and the capabilities they serve for every tenant. */
export const FLEET_AGENT_CAPABILITIES: Readonly<Record<string, readonly string[]>> = {
  'validation-agent': ['validation'],
  'decision-agent': ['decision'],
  'data-agent': ['data'],
  'coordinator-agent': ['coordination'],
};

export const FLEET_CAPABILITIES: ReadonlySet<string> = new Set(
  Object.values(FLEET_AGENT_CAPABILITIES).flat(),
);

/** Broker user names, all under the broker prefix so test runs (and fleets) never share a login. */
export class PrincipalNames {
  constructor(readonly prefix: string) {}

  service(app: FleetApp): string {
    return `${this.prefix}.${app}`;
  }

  agent(agentId: string): string {
    return `${this.prefix}.agent.${agentId}`;
  }

  isAgentPrincipal(user: string): boolean {
    return user.startsWith(`${this.prefix}.agent.`);
  }

  /** The fleet app a user name belongs to, if it is one of the fleet's own. */
  fleetAppOf(user: string): FleetApp | undefined {
    return FLEET_APPS.find((app) => this.service(app) === user);
  }

  /** Capabilities a fleet agent user serves for every tenant (empty for anyone else). */
  fleetCapabilitiesOf(user: string): readonly string[] {
    const app = this.fleetAppOf(user);
    return app === undefined ? [] : (FLEET_AGENT_CAPABILITIES[app] ?? []);
  }
}

/** Registry → orchestrator (events exchange): an agent principal may now serve these capabilities for its tenant. */
export class AgentPrincipalGrantedPayload {
  @IsUUID()
  agentId!: string;

  @IsString()
  username!: string;

  @IsString()
  tenantId!: string;

  @IsArray()
  @Matches(CAPABILITY_PATTERN, { each: true })
  capabilities!: string[];
}

/** Registry → orchestrator: the principal is gone; anything it still sends is rejected. */
export class AgentPrincipalRevokedPayload {
  @IsUUID()
  agentId!: string;

  @IsString()
  username!: string;

  @IsOptional()
  @IsString()
  tenantId?: string;
}

/** Gateway → registry RPC: create an agent principal for the caller's tenant. */
export interface AgentPrincipalCreateRequest {
  name: string;
  capabilities: string[];
}

export interface AgentPrincipalView {
  id: string;
  tenantId: string;
  name: string;
  capabilities: string[];
  username: string;
  createdAt: string;
  revokedAt: string | null;
}

/** What the creator receives once: the login and where to consume and publish. */
export interface AgentCredentials extends AgentPrincipalView {
  broker: {
    username: string;
    password: string;
    vhost: string;
    /** Queues this agent consumes, one per capability. */
    consume: Record<string, string>;
    /** Where results go (default exchange, this routing key). */
    results: string;
    /** The topic exchange for announcements (`agent.registered.v1`, …). */
    events: string;
  };
}
