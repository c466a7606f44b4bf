import { FLEET_CAPABILITIES, type WorkflowDefinition } from '@ensemble/contracts';

export interface CapabilityProblem {
  path: string;
  message: string;
}

/**
 * Every capability a definition sends tasks to must be the fleet's own or declared by one of the
 * tenant's agents (POST /api/v1/agents): a tenant cannot make the fleet create queues at will.
 */
export function undeclaredCapabilities(
  definition: WorkflowDefinition,
  declared: readonly string[],
): CapabilityProblem[] {
  const known = (capability: string): boolean =>
    FLEET_CAPABILITIES.has(capability) || declared.includes(capability);
  const problems: CapabilityProblem[] = [];
  definition.steps.forEach((step, i) => {
    const tasks = [
      { path: `steps[${i}].capability`, capability: step.capability },
      ...(step.compensate
        ? [{ path: `steps[${i}].compensate.capability`, capability: step.compensate.capability }]
        : []),
    ];
    for (const { path, capability } of tasks)
      if (!known(capability))
        problems.push({
          path,
          message: `capability "${capability}" is neither served by the fleet nor declared by an agent of this tenant (POST /api/v1/agents)`,
        });
  });
  return problems;
}
