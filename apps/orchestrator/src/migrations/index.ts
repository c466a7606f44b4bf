import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { OrchestratorTables1763700001000 } from './1763700001000-orchestrator-tables';

export const migrations = [MessagingTables1763700000000, OrchestratorTables1763700001000];
