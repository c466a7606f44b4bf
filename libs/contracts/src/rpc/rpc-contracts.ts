import type { MessageTypes, RpcService } from '../message-types';
import type {
  AgentCredentials,
  AgentPrincipalCreateRequest,
  AgentPrincipalView,
} from '../principals/principals';
import type { CreateDatasetBody } from '../schemas/dataset.schema';
import type { Page, RunView, WorkflowView } from '../workflows/run-views';
import type {
  AgentListRequest,
  AgentView,
  ResourceListRequest,
  VersionedResourceCreateRequest,
  VersionedResourceView,
} from './agent-rpc';
import type {
  RunControlRequest,
  RunListRequest,
  RunStartReply,
  RunStartRequest,
  WorkflowCreateRequest,
  WorkflowGetRequest,
  WorkflowListRequest,
} from './orchestrator-rpc';

/** A run in a list: everything but its steps. */
export type RunSummary = Omit<RunView, 'steps'>;

/** The paging fields of a list request. */
export interface PageFields {
  limit?: number;
  cursor?: string;
}

export interface DatasetView {
  id: string;
  name: string;
  format: CreateDatasetBody['format'];
  recordCount: number;
  createdAt: string;
}

export interface DatasetWithRecords extends DatasetView {
  records: Record<string, unknown>[];
}

/** `dataset.get.v1`: the dataset and one page of its records, in order. */
export interface DatasetGetRequest {
  id: string;
  offset?: number;
  limit?: number;
}

export interface TransformationCreateRequest {
  name: string;
  expression: string;
}

export interface TransformationView {
  id: string;
  name: string;
  expression: string;
  createdAt: string;
}

/** A version of a rule set or decision table as the gateway passes it on (the agent checks the body). */
export type ResourceVersion = VersionedResourceView<unknown>;

export interface ResourceVersionRequest {
  name: string;
  version: number;
}

/** One RPC: the service that answers it, what it is sent and what it replies. */
interface Rpc<S extends RpcService, Request, Reply> {
  service: S;
  request: Request;
  reply: Reply;
}

type VersionedResourceRpcs<S extends RpcService, P extends string> = {
  [K in `${P}.create.v1`]: Rpc<S, VersionedResourceCreateRequest<unknown>, ResourceVersion>;
} & { [K in `${P}.list.v1`]: Rpc<S, ResourceListRequest & PageFields, Page<ResourceVersion>> } & {
  [K in `${P}.get.v1`]: Rpc<S, { name: string; version?: number }, ResourceVersion>;
} & { [K in `${P}.activate.v1` | `${P}.archive.v1`]: Rpc<S, ResourceVersionRequest, ResourceVersion> };

/**
 * Every RPC on the bus by message type: its owner, request and reply. `RpcClient.call(type, …)`
 * infers both types from it and sends to the owner's queue; the handlers declare the same types.
 */
export type RpcContracts = {
  'workflow.create.v1': Rpc<'orchestrator', WorkflowCreateRequest, WorkflowView>;
  'workflow.list.v1': Rpc<'orchestrator', WorkflowListRequest, Page<WorkflowView>>;
  'workflow.get.v1': Rpc<'orchestrator', WorkflowGetRequest, WorkflowView>;
  'run.start.v1': Rpc<'orchestrator', RunStartRequest, RunStartReply>;
  'run.list.v1': Rpc<'orchestrator', RunListRequest, Page<RunSummary>>;
  'run.control.v1': Rpc<'orchestrator', RunControlRequest, RunView>;
  'agent.list.v1': Rpc<'registry', AgentListRequest, Page<AgentView>>;
  'agent.create.v1': Rpc<'registry', AgentPrincipalCreateRequest, AgentCredentials>;
  'agent.delete.v1': Rpc<'registry', { id: string }, AgentPrincipalView>;
  'agent.capabilities.v1': Rpc<'registry', Record<string, never>, string[]>;
  'dataset.create.v1': Rpc<'data', CreateDatasetBody, DatasetView>;
  'dataset.list.v1': Rpc<'data', PageFields, Page<DatasetView>>;
  'dataset.get.v1': Rpc<'data', DatasetGetRequest, DatasetWithRecords>;
  'transformation.create.v1': Rpc<'data', TransformationCreateRequest, TransformationView>;
  'transformation.list.v1': Rpc<'data', PageFields, Page<TransformationView>>;
} & VersionedResourceRpcs<'validation', 'ruleset'> &
  VersionedResourceRpcs<'decision', 'decisiontable'>;

export type RpcType = keyof RpcContracts;
export type RpcRequestOf<T extends RpcType> = RpcContracts[T]['request'];
export type RpcReplyOf<T extends RpcType> = RpcContracts[T]['reply'];

type DeclaredRpcTypes = (typeof MessageTypes.rpc)[keyof typeof MessageTypes.rpc];

/** The service answering each RPC; the compiler checks it names exactly the declared RPC types. */
export const RPC_OWNERS: { [T in RpcType]: RpcContracts[T]['service'] } & Record<
  DeclaredRpcTypes,
  RpcService
> = {
  'workflow.create.v1': 'orchestrator',
  'workflow.list.v1': 'orchestrator',
  'workflow.get.v1': 'orchestrator',
  'run.start.v1': 'orchestrator',
  'run.list.v1': 'orchestrator',
  'run.control.v1': 'orchestrator',
  'agent.list.v1': 'registry',
  'agent.create.v1': 'registry',
  'agent.delete.v1': 'registry',
  'agent.capabilities.v1': 'registry',
  'ruleset.create.v1': 'validation',
  'ruleset.list.v1': 'validation',
  'ruleset.get.v1': 'validation',
  'ruleset.activate.v1': 'validation',
  'ruleset.archive.v1': 'validation',
  'decisiontable.create.v1': 'decision',
  'decisiontable.list.v1': 'decision',
  'decisiontable.get.v1': 'decision',
  'decisiontable.activate.v1': 'decision',
  'decisiontable.archive.v1': 'decision',
  'dataset.create.v1': 'data',
  'dataset.list.v1': 'data',
  'dataset.get.v1': 'data',
  'transformation.create.v1': 'data',
  'transformation.list.v1': 'data',
};

/** Compile-time: every declared RPC type has a contract, and every contract is declared. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const RPC_CONTRACTS_COVER_MESSAGE_TYPES: Same<RpcType, DeclaredRpcTypes> = true;
