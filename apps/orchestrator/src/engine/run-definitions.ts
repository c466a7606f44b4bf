import type { WorkflowDefinition } from '@ensemble/contracts';
import type { Tx } from '@ensemble/persistence';

/**
 * Where the engine reads the definition version a run pins. The workflows feature provides it
 * (RunsModule binds WorkflowsRepository), so `engine/` does not import `workflows/`.
 */
export abstract class RunDefinitions {
  abstract findById(id: string, tx?: Tx): Promise<{ definition: WorkflowDefinition } | undefined>;
}
