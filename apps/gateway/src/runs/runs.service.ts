import { Injectable } from '@nestjs/common';
import {
  MessageTypes,
  type EnvelopeOrigin,
  type Page,
  type RunControlAction,
  type RunControlRequest,
  type RunEventView,
  type RunGetRequest,
  type RunListRequest,
  type RunView,
} from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { ListRunsQueryDto } from './dto/run.dto';

export type RunSummary = Omit<RunView, 'steps'>;

@Injectable()
export class RunsService {
  constructor(private readonly rpc: RpcClient) {}

  list(origin: EnvelopeOrigin, query: ListRunsQueryDto): Promise<Page<RunSummary>> {
    const request: RunListRequest = definedOnly({
      status: query.status,
      workflow: query.workflow,
      createdAfter: query.createdAfter,
      createdBefore: query.createdBefore,
      limit: query.limit,
      cursor: query.cursor,
    });
    return this.rpc.request('orchestrator', MessageTypes.rpc.runList, request, origin);
  }

  get(origin: EnvelopeOrigin, runId: string): Promise<RunView> {
    const request: RunGetRequest = { runId };
    return this.rpc.request('orchestrator', MessageTypes.rpc.runGet, request, origin);
  }

  history(origin: EnvelopeOrigin, runId: string): Promise<RunEventView[]> {
    const request: RunGetRequest = { runId };
    return this.rpc.request('orchestrator', MessageTypes.rpc.runHistory, request, origin);
  }

  control(
    origin: EnvelopeOrigin,
    runId: string,
    action: RunControlAction,
    reason?: string,
  ): Promise<RunView> {
    const request: RunControlRequest = definedOnly({ runId, action, reason });
    return this.rpc.request('orchestrator', MessageTypes.rpc.runControl, request, origin);
  }
}
