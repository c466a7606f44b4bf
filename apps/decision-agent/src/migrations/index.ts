import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { TaskExecutions1763700000100 } from '@ensemble/plugin-contract';
import { DecisionTables1763700004000 } from './1763700004000-decision-tables';
import { ListKeysets1763800010000 } from './1763800010000-list-keysets';

export const migrations = [
  MessagingTables1763700000000,
  TaskExecutions1763700000100,
  DecisionTables1763700004000,
  ListKeysets1763800010000,
];
