import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@ensemble/persistence';
import { TableCompiler, type CompiledTable } from '../decision/table-compiler';
import { checkTable } from '../decision/table-validator';
import { archivedVersion, invalidTableBody, tableNotFound } from './decision-tables.errors';
import { DecisionTablesRepository, type DecisionTableView } from './decision-tables.repository';
import type {
  CreateDecisionTableRequest,
  DecisionTableVersionRequest,
  GetDecisionTableRequest,
  ListDecisionTablesRequest,
} from './dto/decision-table-requests';

/**
 * Versioned decision tables per tenant. A version's body never changes; at most one version of
 * a name is active, and the lifecycle is draft → active → archived.
 */
@Injectable()
export class DecisionTablesService {
  constructor(
    private readonly repository: DecisionTablesRepository,
    private readonly transactions: TransactionRunner,
    private readonly compiler: TableCompiler,
  ) {}

  async create(tenantId: string, request: CreateDecisionTableRequest): Promise<DecisionTableView> {
    const check = checkTable(request.body);
    if (!check.ok) throw invalidTableBody(check.problems);
    const { name } = request;
    return this.transactions.run(async (tx) => {
      await this.repository.lockName(tx, tenantId, name);
      const version = await this.repository.nextVersion(tx, tenantId, name);
      if (request.activate === true) await this.repository.archiveActive(tx, tenantId, name);
      const status = request.activate === true ? 'active' : 'draft';
      return this.repository.insert(tx, { tenantId, name, version, status, body: check.table });
    });
  }

  list(tenantId: string, request: ListDecisionTablesRequest): Promise<DecisionTableView[]> {
    return this.repository.list(tenantId, request.name);
  }

  async get(tenantId: string, request: GetDecisionTableRequest): Promise<DecisionTableView> {
    const { name, version } = request;
    const view =
      version === undefined
        ? await this.repository.findLatest(tenantId, name)
        : await this.repository.find(tenantId, name, version);
    if (!view) throw tableNotFound(name, version);
    return view;
  }

  /** Makes the version the one unpinned tasks use, archiving the previously active one. */
  activate(tenantId: string, request: DecisionTableVersionRequest): Promise<DecisionTableView> {
    const { name, version } = request;
    return this.transactions.run(async (tx) => {
      await this.repository.lockName(tx, tenantId, name);
      const current = await this.repository.find(tenantId, name, version, tx);
      if (!current) throw tableNotFound(name, version);
      if (current.status === 'active') return current;
      if (current.status === 'archived') throw archivedVersion(name, version);
      await this.repository.archiveActive(tx, tenantId, name);
      return this.repository.setStatus(tx, tenantId, request, 'active');
    });
  }

  /** Tasks pinned to an archived version still run; unpinned ones no longer find it. */
  archive(tenantId: string, request: DecisionTableVersionRequest): Promise<DecisionTableView> {
    const { name, version } = request;
    return this.transactions.run(async (tx) => {
      await this.repository.lockName(tx, tenantId, name);
      const current = await this.repository.find(tenantId, name, version, tx);
      if (!current) throw tableNotFound(name, version);
      if (current.status === 'archived') return current;
      return this.repository.setStatus(tx, tenantId, request, 'archived');
    });
  }

  /** The pinned version, or the active one; null when there is none. Compiled once per version. */
  async findCompiled(tenantId: string, name: string, version?: number): Promise<CompiledTable | null> {
    const pinned = version ?? (await this.repository.activeVersion(tenantId, name));
    if (pinned === null) return null;
    const key = `stored:${JSON.stringify([tenantId, name, pinned])}`;
    const cached = this.compiler.get(key);
    if (cached) return cached;
    const view = await this.repository.find(tenantId, name, pinned);
    return view ? this.compiler.compile(view.body, key) : null;
  }
}
