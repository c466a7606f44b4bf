import { Injectable } from '@nestjs/common';
import {
  DomainError,
  MessageTypes,
  type EnvelopeOrigin,
  type Page,
  type RunStartRequest,
  type WorkflowCreateRequest,
  type WorkflowDefinition,
  type WorkflowGetRequest,
  type WorkflowListRequest,
  type WorkflowView,
} from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import { apiPath } from '../http/request-info';
import type { ExecuteWorkflowDto, ListWorkflowsQueryDto, RunStartedDto } from './dto/workflow.dto';

/** The key from the body or the `Idempotency-Key` header; both at once must agree. */
export function idempotencyKeyOf(fromBody?: string, fromHeader?: string): string | undefined {
  const header = fromHeader?.trim() || undefined;
  if (header !== undefined && header.length > 200)
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key is longer than 200 characters', [
      { path: 'Idempotency-Key', message: 'must be at most 200 characters' },
    ]);
  if (fromBody !== undefined && header !== undefined && fromBody !== header)
    throw new DomainError('VALIDATION_FAILED', 'idempotencyKey and the Idempotency-Key header differ', [
      { path: 'idempotencyKey', message: 'must equal the Idempotency-Key header when both are sent' },
    ]);
  return fromBody ?? header;
}

@Injectable()
export class WorkflowsService {
  constructor(private readonly rpc: RpcClient) {}

  /** The tenant's agents' declared capabilities come from the registry, never from the body. */
  async create(origin: EnvelopeOrigin, definition: WorkflowDefinition): Promise<WorkflowView> {
    const declaredCapabilities = await this.rpc.call(MessageTypes.rpc.agentCapabilities, {}, origin);
    const request: WorkflowCreateRequest = { definition, declaredCapabilities };
    return this.rpc.call(MessageTypes.rpc.workflowCreate, request, origin);
  }

  list(origin: EnvelopeOrigin, query: ListWorkflowsQueryDto): Promise<Page<WorkflowView>> {
    const request: WorkflowListRequest = definedOnly({
      name: query.name,
      limit: query.limit,
      cursor: query.cursor,
    });
    return this.rpc.call(MessageTypes.rpc.workflowList, request, origin);
  }

  get(origin: EnvelopeOrigin, name: string, version?: number): Promise<WorkflowView> {
    const request: WorkflowGetRequest = definedOnly({ name, version });
    return this.rpc.call(MessageTypes.rpc.workflowGet, request, origin);
  }

  async execute(
    origin: EnvelopeOrigin,
    name: string,
    body: ExecuteWorkflowDto,
    idempotencyHeader?: string,
  ): Promise<RunStartedDto> {
    const request: RunStartRequest = definedOnly({
      workflow: name,
      version: body.version,
      input: body.input ?? {},
      idempotencyKey: idempotencyKeyOf(body.idempotencyKey, idempotencyHeader),
    });
    const reply = await this.rpc.call(MessageTypes.rpc.runStart, request, origin);
    return { runId: reply.runId, created: reply.created, links: { self: apiPath(`runs/${reply.runId}`) } };
  }
}
