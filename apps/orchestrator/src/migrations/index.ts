import { MessagingTables1763700000000 } from '@ensemble/persistence';

export const migrations = [MessagingTables1763700000000];
