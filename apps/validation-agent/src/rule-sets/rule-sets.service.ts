import { Injectable } from '@nestjs/common';
import type { VersionedResourceView } from '@ensemble/contracts';
import { TransactionRunner } from '@ensemble/persistence';
import type { RuleSetBody } from '../rules/rule-types';
import type {
  CreateRuleSetRequest,
  GetRuleSetRequest,
  ListRuleSetsRequest,
  RuleSetVersionRequest,
} from './dto/rule-set-requests';
import { parseRuleSetBody } from './rule-set-body';
import { lifecycleStep, type LifecycleTarget } from './rule-set-lifecycle';
import { invalidRuleSet, ruleSetArchived, ruleSetNotFound } from './rule-sets.errors';
import { RuleSetsRepository, type RuleSetRecord } from './rule-sets.repository';

export type RuleSetView = VersionedResourceView<RuleSetBody>;

/** Versioned rule sets per tenant: immutable bodies, at most one active version per name. */
@Injectable()
export class RuleSetsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: RuleSetsRepository,
  ) {}

  /** Stores the next version; with `activate` it replaces the active one in the same transaction. */
  async create(tenantId: string, request: CreateRuleSetRequest): Promise<RuleSetView> {
    const parsed = parseRuleSetBody(request.body);
    if (!parsed.ok) throw invalidRuleSet(parsed.problems);
    const record = await this.transactions.run(async (tx) => {
      await this.repository.lockName(tx, tenantId, request.name);
      const version = (await this.repository.maxVersion(tx, tenantId, request.name)) + 1;
      if (request.activate === true) await this.repository.archiveActive(tx, tenantId, request.name);
      return this.repository.insert(tx, {
        tenantId,
        name: request.name,
        version,
        status: request.activate === true ? 'active' : 'draft',
        body: request.body,
      });
    });
    return toView(record);
  }

  async list(tenantId: string, request: ListRuleSetsRequest): Promise<RuleSetView[]> {
    const records = await this.repository.list(tenantId, request.name);
    return records.map(toView);
  }

  async get(tenantId: string, request: GetRuleSetRequest): Promise<RuleSetView> {
    const record =
      request.version === undefined
        ? await this.repository.findLatest(tenantId, request.name)
        : await this.repository.find(tenantId, request.name, request.version);
    if (!record) throw ruleSetNotFound(request.name, request.version);
    return toView(record);
  }

  /** Makes the version the active one, archiving the version it replaces. */
  activate(tenantId: string, request: RuleSetVersionRequest): Promise<RuleSetView> {
    return this.moveTo(tenantId, request, 'active');
  }

  archive(tenantId: string, request: RuleSetVersionRequest): Promise<RuleSetView> {
    return this.moveTo(tenantId, request, 'archived');
  }

  private async moveTo(
    tenantId: string,
    { name, version }: RuleSetVersionRequest,
    target: LifecycleTarget,
  ): Promise<RuleSetView> {
    const record = await this.transactions.run(async (tx) => {
      await this.repository.lockName(tx, tenantId, name);
      const current = await this.repository.find(tenantId, name, version, tx);
      if (!current) throw ruleSetNotFound(name, version);
      switch (lifecycleStep(current.status, target)) {
        case 'unchanged':
          return current;
        case 'forbidden':
          throw ruleSetArchived(name, version);
        case 'apply':
          if (target === 'active') await this.repository.archiveActive(tx, tenantId, name);
          return this.repository.setStatus(tx, tenantId, name, version, target);
      }
    });
    return toView(record);
  }
}

function toView(record: RuleSetRecord): RuleSetView {
  return {
    name: record.name,
    version: record.version,
    status: record.status,
    body: record.body as RuleSetBody,
    createdAt: record.createdAt.toISOString(),
  };
}
