import type { PrincipalNames } from '@ensemble/contracts';

/** A tenant agent's grant, as the orchestrator's own table has it. */
export interface AgentGrant {
  tenantId: string;
  capabilities: string[];
}

export interface ResultClaim {
  /** The broker user that published the result (RabbitMQ-validated), if any. */
  sender: string | undefined;
  /** The run's tenant, from the database. */
  tenantId: string;
  /** The capability the step's current task was sent to, from the definition. */
  capability: string;
}

/**
 * Why `claim.sender` may not report this result, or null when it may: a fleet agent for its own
 * capabilities (any tenant), or a tenant's agent for a capability granted to it in the run's tenant.
 */
export function refusalOf(
  claim: ResultClaim,
  principals: PrincipalNames,
  grants: ReadonlyMap<string, AgentGrant>,
): string | null {
  const { sender, tenantId, capability } = claim;
  if (sender === undefined) return 'the result carries no user-id';
  if (principals.fleetCapabilitiesOf(sender).includes(capability)) return null;
  const grant = grants.get(sender);
  if (grant === undefined) return `${sender} is not an agent entitled to ${capability}`;
  if (grant.tenantId !== tenantId) return `${sender} belongs to another tenant`;
  if (!grant.capabilities.includes(capability)) return `${sender} is not entitled to ${capability}`;
  return null;
}
