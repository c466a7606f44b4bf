import type { AgentPrincipalView, PrincipalNames } from '@ensemble/contracts';
import { PoisonMessageError } from '@ensemble/messaging';

export interface AgentOrigin {
  /** Null for the fleet's own agents, which serve every tenant. */
  tenantId: string | null;
  principal: string;
}

/**
 * Whose agent announced: a fleet agent for its own capabilities (no tenant), or a live tenant
 * principal (`live`, by username) for capabilities granted to it. Anything else is poison, never
 * a registration.
 */
export function originOf(
  sender: string | undefined,
  capabilities: string[],
  names: PrincipalNames,
  live: ReadonlyMap<string, AgentPrincipalView>,
): AgentOrigin {
  if (sender === undefined) throw new PoisonMessageError('announcement without a user-id');
  const fleet = names.fleetCapabilitiesOf(sender);
  if (fleet.length > 0) {
    if (capabilities.every((c) => fleet.includes(c))) return { tenantId: null, principal: sender };
    throw new PoisonMessageError(`${sender} announced capabilities it does not serve`);
  }
  const principal = names.isAgentPrincipal(sender) ? live.get(sender) : undefined;
  if (!principal) throw new PoisonMessageError(`${sender} is not a live agent principal`);
  if (!capabilities.every((c) => principal.capabilities.includes(c)))
    throw new PoisonMessageError(`${sender} announced capabilities it was not granted`);
  return { tenantId: principal.tenantId, principal: sender };
}
