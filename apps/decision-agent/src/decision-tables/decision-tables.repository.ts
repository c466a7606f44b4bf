import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VersionedResourceView } from '@ensemble/contracts';
import { VersionedResourceStore } from '@ensemble/persistence';
import type { DecisionTable } from '../decision/decision-table';

export type DecisionTableView = VersionedResourceView<DecisionTable>;

/** `decision.decision_tables` through the shared versioned-resource store. */
@Injectable()
export class DecisionTablesRepository extends VersionedResourceStore<DecisionTable> {
  constructor(dataSource: DataSource) {
    super(dataSource, 'decision_tables');
  }
}
