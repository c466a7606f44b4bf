import { FLEET_CAPABILITIES, type AgentPrincipalCreateRequest } from '@ensemble/contracts';
import { principalError, PrincipalErrorCode } from '../principals.errors';

/**
 * What the request's schema (`agent.create.v1` in RPC_REQUEST_CHECKS) cannot say: a tenant's agent
 * may not claim a capability the fleet's own agents serve.
 */
export function checkAgentCreateRequest(request: AgentPrincipalCreateRequest): AgentPrincipalCreateRequest {
  const problems = request.capabilities.flatMap((capability, i) =>
    FLEET_CAPABILITIES.has(capability)
      ? [{ path: `capabilities[${i}]`, message: `"${capability}" is served by the fleet's own agents` }]
      : [],
  );
  if (problems.length > 0) throw principalError(PrincipalErrorCode.InvalidRequest, 'invalid agent', problems);
  return { name: request.name, capabilities: request.capabilities };
}
