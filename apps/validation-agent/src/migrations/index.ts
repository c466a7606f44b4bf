import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { TaskExecutions1763700000100 } from '@ensemble/plugin-contract';
import { ListKeysets1763800010000 } from './1763800010000-list-keysets';
import { RuleSets1763800000000 } from './rule-sets.migration';

export const migrations = [
  MessagingTables1763700000000,
  TaskExecutions1763700000100,
  RuleSets1763800000000,
  ListKeysets1763800010000,
];
