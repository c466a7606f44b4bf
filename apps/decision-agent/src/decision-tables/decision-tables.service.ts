import { Injectable } from '@nestjs/common';
import { TransactionRunner, VersionedResources } from '@ensemble/persistence';
import type { DecisionTable } from '../decision/decision-table';
import { TableCompiler, type CompiledTable } from '../decision/table-compiler';
import { checkTable } from '../decision/table-validator';
import { invalidTableBody } from './decision-tables.errors';
import { DecisionTablesRepository } from './decision-tables.repository';

/** A body is stored as the validator normalised it, once it has no problem. */
export function checkTableBody(body: unknown): DecisionTable {
  const check = checkTable(body);
  if (!check.ok) throw invalidTableBody(check.problems);
  return check.table;
}

/**
 * Versioned decision tables per tenant. A version's body never changes; at most one version of
 * a name is active, and the lifecycle is draft → active → archived.
 */
@Injectable()
export class DecisionTablesService extends VersionedResources<DecisionTable> {
  constructor(
    transactions: TransactionRunner,
    repository: DecisionTablesRepository,
    private readonly compiler: TableCompiler,
  ) {
    super(transactions, repository, { noun: 'decision table', check: checkTableBody });
  }

  /** The pinned version, or the active one; null when there is none. Compiled once per version. */
  async findCompiled(tenantId: string, name: string, version?: number): Promise<CompiledTable | null> {
    const pinned = await this.resolveVersion(tenantId, name, version);
    if (pinned === undefined) return null;
    const key = `stored:${JSON.stringify([tenantId, name, pinned])}`;
    const cached = this.compiler.get(key);
    if (cached) return cached;
    const record = await this.find(tenantId, name, pinned);
    return record ? this.compiler.compile(record.body, key) : null;
  }
}
