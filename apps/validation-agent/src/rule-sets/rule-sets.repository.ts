import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VersionedResourceStore } from '@ensemble/persistence';
import type { RuleSetBody } from '../rules/rule-types';

/** `validation.rule_sets` through the shared versioned-resource store. */
@Injectable()
export class RuleSetsRepository extends VersionedResourceStore<RuleSetBody> {
  constructor(dataSource: DataSource) {
    super(dataSource, 'rule_sets');
  }
}
