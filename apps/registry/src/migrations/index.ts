import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { Agents1763700002000 } from './1763700002000-agents';

export const migrations = [MessagingTables1763700000000, Agents1763700002000];
