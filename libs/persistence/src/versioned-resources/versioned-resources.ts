import {
  DomainError,
  KeysetCursor,
  pageSize,
  type Page,
  type ResourceListRequest,
  type ResourceStatus,
  type VersionedResourceCreateRequest,
  type VersionedResourceView,
} from '@ensemble/contracts';
import type { TransactionRunner } from '../transaction-runner';
import type { VersionedRecord, VersionedResourceStore } from './versioned-resource.store';

export interface VersionedResourceKind<B> {
  /** How errors name the resource: `rule set`, `decision table`. */
  noun: string;
  /** The body to store, or a VALIDATION_FAILED DomainError naming every problem. */
  check(body: unknown): B;
}

export interface VersionRef {
  name: string;
  version: number;
}

type LifecycleTarget = Extract<ResourceStatus, 'active' | 'archived'>;

/**
 * draft → active → archived, and a draft may be archived unused. Archived is final: bringing an
 * old body back means creating a new version, so every version number keeps one meaning.
 */
export function lifecycleStep(
  from: ResourceStatus,
  to: LifecycleTarget,
): 'apply' | 'unchanged' | 'forbidden' {
  if (from === to) return 'unchanged';
  return from === 'archived' ? 'forbidden' : 'apply';
}

/**
 * Versioned resources per tenant (rule sets, decision tables): immutable bodies numbered per name,
 * at most one active version of a name, listed in keyset pages. One implementation; each agent
 * names its table and how it checks a body.
 */
export class VersionedResources<B> {
  private readonly cursor: KeysetCursor<readonly ['timestamp', 'text', 'int']>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly store: VersionedResourceStore<B>,
    private readonly kind: VersionedResourceKind<B>,
  ) {
    this.cursor = new KeysetCursor(kind.noun, ['timestamp', 'text', 'int'] as const);
  }

  /** Stores the next version; with `activate` it replaces the active one in the same transaction. */
  async create(
    tenantId: string,
    request: VersionedResourceCreateRequest<unknown>,
  ): Promise<VersionedResourceView<B>> {
    const body = this.kind.check(request.body);
    const { name } = request;
    const record = await this.transactions.run(async (tx) => {
      await this.store.lockName(tx, tenantId, name);
      const version = await this.store.nextVersion(tx, tenantId, name);
      if (request.activate === true) await this.store.archiveActive(tx, tenantId, name);
      const status = request.activate === true ? 'active' : 'draft';
      return this.store.insert(tx, { tenantId, name, version, status, body });
    });
    return toView(record);
  }

  /** Newest first, a keyset page (of one name's versions when `name` is given). */
  async list(tenantId: string, request: ResourceListRequest): Promise<Page<VersionedResourceView<B>>> {
    const size = pageSize(request.limit);
    const rows = await this.store.list(tenantId, request.name, size + 1, this.cursor.decode(request.cursor));
    return this.cursor.page(rows, size, toView, (row) => row.key);
  }

  /** The version asked for, or the latest. */
  async get(tenantId: string, name: string, version?: number): Promise<VersionedResourceView<B>> {
    const record =
      version === undefined
        ? await this.store.findLatest(tenantId, name)
        : await this.store.find(tenantId, name, version);
    if (!record) throw this.notFound(name, version);
    return toView(record);
  }

  /** The pinned version (whatever its status) or else the active one; undefined when there is none. */
  async resolveVersion(tenantId: string, name: string, version?: number): Promise<number | undefined> {
    return version ?? (await this.store.activeVersion(tenantId, name));
  }

  find(tenantId: string, name: string, version: number): Promise<VersionedRecord<B> | undefined> {
    return this.store.find(tenantId, name, version);
  }

  /** Makes the version the one unpinned tasks use, archiving the version it replaces. */
  activate(tenantId: string, ref: VersionRef): Promise<VersionedResourceView<B>> {
    return this.moveTo(tenantId, ref, 'active');
  }

  /** Tasks pinned to an archived version still run; unpinned ones no longer find it. */
  archive(tenantId: string, ref: VersionRef): Promise<VersionedResourceView<B>> {
    return this.moveTo(tenantId, ref, 'archived');
  }

  private async moveTo(
    tenantId: string,
    ref: VersionRef,
    target: LifecycleTarget,
  ): Promise<VersionedResourceView<B>> {
    const record = await this.transactions.run(async (tx) => {
      await this.store.lockName(tx, tenantId, ref.name);
      const current = await this.store.find(tenantId, ref.name, ref.version, tx);
      if (!current) throw this.notFound(ref.name, ref.version);
      switch (lifecycleStep(current.status, target)) {
        case 'unchanged':
          return current;
        case 'forbidden':
          throw new DomainError(
            'INVALID_STATE',
            `${this.kind.noun} "${ref.name}" version ${ref.version} is archived and cannot be activated; create a new version`,
          );
        case 'apply':
          if (target === 'active') await this.store.archiveActive(tx, tenantId, ref.name);
          return this.store.setStatus(tx, tenantId, ref, target);
      }
    });
    return toView(record);
  }

  private notFound(name: string, version?: number): DomainError {
    const which = version === undefined ? '' : ` version ${version}`;
    return new DomainError('NOT_FOUND', `${this.kind.noun} "${name}"${which} not found`);
  }
}

function toView<B>(record: VersionedRecord<B>): VersionedResourceView<B> {
  return {
    name: record.name,
    version: record.version,
    status: record.status,
    body: record.body,
    createdAt: record.createdAt.toISOString(),
  };
}
