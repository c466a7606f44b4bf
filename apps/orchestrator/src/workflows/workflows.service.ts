import { Injectable } from '@nestjs/common';
import { DomainError, KeysetCursor, pageSize, type Page, type WorkflowView } from '@ensemble/contracts';
import { undeclaredCapabilities } from './capability-check';
import { validateDefinition } from './definition-validator';
import { toWorkflowView, WorkflowsRepository } from './workflows.repository';

/** The latest version of each workflow, by name; and the versions of one name, newest first. */
const WORKFLOW_CURSOR = new KeysetCursor('workflows', ['text']);
const VERSION_CURSOR = new KeysetCursor('workflow-versions', ['int']);

@Injectable()
export class WorkflowsService {
  constructor(private readonly workflows: WorkflowsRepository) {}

  /** Validates fully, then stores the definition as the next immutable version of its name. */
  async create(
    tenantId: string,
    raw: unknown,
    declaredCapabilities: readonly string[],
  ): Promise<WorkflowView> {
    const check = validateDefinition(raw);
    const problems = check.ok
      ? undeclaredCapabilities(check.definition, declaredCapabilities)
      : check.problems;
    if (!check.ok || problems.length > 0) {
      const first = problems.at(0);
      throw new DomainError(
        'VALIDATION_FAILED',
        `invalid workflow definition: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`,
        problems,
      );
    }
    return toWorkflowView(await this.workflows.insertNextVersion(tenantId, check.definition));
  }

  async get(tenantId: string, name: string, version?: number): Promise<WorkflowView> {
    const found = await this.workflows.find(tenantId, name, version);
    if (!found)
      throw new DomainError('NOT_FOUND', `workflow ${name}${version ? ` version ${version}` : ''} not found`);
    return toWorkflowView(found);
  }

  async list(tenantId: string, name?: string, limit?: number, cursor?: string): Promise<Page<WorkflowView>> {
    const size = pageSize(limit);
    if (name === undefined) {
      const rows = await this.workflows.listLatest(tenantId, size + 1, WORKFLOW_CURSOR.decode(cursor)?.[0]);
      return WORKFLOW_CURSOR.page(rows, size, toWorkflowView, (w) => [w.name]);
    }
    const before = VERSION_CURSOR.decode(cursor)?.[0];
    const rows = await this.workflows.listVersions(tenantId, name, size + 1, before);
    return VERSION_CURSOR.page(rows, size, toWorkflowView, (w) => [w.version]);
  }
}
