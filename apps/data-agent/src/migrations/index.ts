import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { TaskExecutions1763700000100 } from '@ensemble/plugin-contract';
import { DataTables1763700005000 } from './1763700005000-data-tables';
import { ListKeysets1763800010000 } from './1763800010000-list-keysets';

export const migrations = [
  MessagingTables1763700000000,
  TaskExecutions1763700000100,
  DataTables1763700005000,
  ListKeysets1763800010000,
];
