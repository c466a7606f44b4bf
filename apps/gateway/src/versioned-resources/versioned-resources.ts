import type {
  EnvelopeOrigin,
  Page,
  VersionedResourceCreateRequest,
  VersionedResourceView,
} from '@ensemble/contracts';
import type { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { ListResourcesQueryDto } from './dto/versioned-resource.dto';

/** The message-type prefix of a versioned resource's RPCs (`ruleset.create.v1`, …). */
export type VersionedResourceKind = 'ruleset' | 'decisiontable';

export type ResourceView = VersionedResourceView<unknown>;

/** The RPC calls of a versioned resource (rule sets, decision tables) owned by one agent. */
export abstract class VersionedResources {
  protected constructor(
    private readonly rpc: RpcClient,
    private readonly kind: VersionedResourceKind,
  ) {}

  create(origin: EnvelopeOrigin, body: VersionedResourceCreateRequest<unknown>): Promise<ResourceView> {
    const request = definedOnly({ name: body.name, body: body.body, activate: body.activate });
    return this.rpc.call(`${this.kind}.create.v1`, request, origin);
  }

  list(origin: EnvelopeOrigin, query: ListResourcesQueryDto): Promise<Page<ResourceView>> {
    const request = definedOnly({ name: query.name, limit: query.limit, cursor: query.cursor });
    return this.rpc.call(`${this.kind}.list.v1`, request, origin);
  }

  get(origin: EnvelopeOrigin, name: string, version?: number): Promise<ResourceView> {
    return this.rpc.call(`${this.kind}.get.v1`, definedOnly({ name, version }), origin);
  }

  activate(origin: EnvelopeOrigin, name: string, version: number): Promise<ResourceView> {
    return this.rpc.call(`${this.kind}.activate.v1`, { name, version }, origin);
  }

  archive(origin: EnvelopeOrigin, name: string, version: number): Promise<ResourceView> {
    return this.rpc.call(`${this.kind}.archive.v1`, { name, version }, origin);
  }
}
