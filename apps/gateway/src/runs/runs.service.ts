import { Injectable } from '@nestjs/common';
import {
  DomainError,
  MessageTypes,
  type EnvelopeOrigin,
  type Page,
  type RunControlAction,
  type RunControlRequest,
  type RunListRequest,
  type RunView,
} from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { ListRunsQueryDto } from './dto/run.dto';
import { RunDocumentsRepository } from './run-documents.repository';

export type RunSummary = Omit<RunView, 'steps'>;

@Injectable()
export class RunsService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly documents: RunDocumentsRepository,
  ) {}

  list(origin: EnvelopeOrigin, query: ListRunsQueryDto): Promise<Page<RunSummary>> {
    const request: RunListRequest = definedOnly({
      status: query.status,
      workflow: query.workflow,
      createdAfter: query.createdAfter,
      createdBefore: query.createdBefore,
      limit: query.limit,
      cursor: query.cursor,
    });
    return this.rpc.call(MessageTypes.rpc.runList, request, origin);
  }

  /** The run's `RunView` as JSON text, read from the orchestrator's read model. */
  async get(origin: EnvelopeOrigin, runId: string): Promise<string> {
    return found(await this.documents.run(origin.tenantId, runId), runId);
  }

  /** The run's `RunEventView[]` as JSON text, read from the orchestrator's read model. */
  async history(origin: EnvelopeOrigin, runId: string): Promise<string> {
    return found(await this.documents.history(origin.tenantId, runId), runId);
  }

  control(
    origin: EnvelopeOrigin,
    runId: string,
    action: RunControlAction,
    reason?: string,
  ): Promise<RunView> {
    const request: RunControlRequest = definedOnly({ runId, action, reason });
    return this.rpc.call(MessageTypes.rpc.runControl, request, origin);
  }
}

function found(document: string | undefined, runId: string): string {
  if (document === undefined) throw new DomainError('NOT_FOUND', `run ${runId} not found`);
  return document;
}
