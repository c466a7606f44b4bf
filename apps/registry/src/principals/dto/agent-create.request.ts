import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, Length, Matches } from 'class-validator';
import {
  CAPABILITY_PATTERN,
  FLEET_CAPABILITIES,
  payloadProblems,
  type AgentPrincipalCreateRequest,
} from '@ensemble/contracts';
import { principalError, PrincipalErrorCode } from '../principals.errors';

export class AgentCreateRequestDto implements AgentPrincipalCreateRequest {
  @IsString()
  @Length(1, 100)
  @Matches(/^[\p{L}\p{N} ._-]+$/u, { message: 'name may contain letters, digits, spaces, ".", "_" and "-"' })
  name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(CAPABILITY_PATTERN, {
    each: true,
    message: 'each capability must be dot-separated lowercase names',
  })
  capabilities!: string[];
}

export async function parseAgentCreateRequest(payload: object): Promise<AgentPrincipalCreateRequest> {
  const problems = await payloadProblems(AgentCreateRequestDto, payload);
  const request = payload as AgentPrincipalCreateRequest;
  if (problems.length === 0)
    for (const [i, capability] of request.capabilities.entries())
      if (FLEET_CAPABILITIES.has(capability))
        problems.push(`capabilities[${i}]: "${capability}" is served by the fleet's own agents`);
  if (problems.length > 0)
    throw principalError(
      PrincipalErrorCode.InvalidRequest,
      'invalid agent',
      problems.map((p) => ({ path: p.split(':')[0], message: p })),
    );
  return { name: request.name, capabilities: request.capabilities };
}
