import type {
  EnvelopeOrigin,
  Page,
  RpcService,
  VersionedResourceCreateRequest,
  VersionedResourceView,
} from '@ensemble/contracts';
import type { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { ListResourcesQueryDto } from './dto/versioned-resource.dto';

export interface VersionedResourceTypes {
  create: string;
  list: string;
  get: string;
  activate: string;
  archive: string;
}

export type ResourceView = VersionedResourceView<unknown>;

/** The RPC calls of a versioned resource (rule sets, decision tables) owned by one agent. */
export abstract class VersionedResources {
  protected constructor(
    private readonly rpc: RpcClient,
    private readonly service: RpcService,
    private readonly types: VersionedResourceTypes,
  ) {}

  create(origin: EnvelopeOrigin, body: VersionedResourceCreateRequest<unknown>): Promise<ResourceView> {
    const request = definedOnly({ name: body.name, body: body.body, activate: body.activate });
    return this.rpc.request(this.service, this.types.create, request, origin);
  }

  list(origin: EnvelopeOrigin, query: ListResourcesQueryDto): Promise<Page<ResourceView>> {
    const request = definedOnly({ name: query.name, limit: query.limit, cursor: query.cursor });
    return this.rpc.request(this.service, this.types.list, request, origin);
  }

  get(origin: EnvelopeOrigin, name: string, version?: number): Promise<ResourceView> {
    return this.rpc.request(this.service, this.types.get, definedOnly({ name, version }), origin);
  }

  activate(origin: EnvelopeOrigin, name: string, version: number): Promise<ResourceView> {
    return this.rpc.request(this.service, this.types.activate, { name, version }, origin);
  }

  archive(origin: EnvelopeOrigin, name: string, version: number): Promise<ResourceView> {
    return this.rpc.request(this.service, this.types.archive, { name, version }, origin);
  }
}
