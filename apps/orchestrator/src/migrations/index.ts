import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { OrchestratorTables1763700001000 } from './1763700001000-orchestrator-tables';
import { AgentPrincipals1763700006000 } from './1763700006000-agent-principals';
import { RunDocuments1763700007000 } from './1763700007000-run-documents';
import { ListKeysets1763800010000 } from './1763800010000-list-keysets';

export const migrations = [
  MessagingTables1763700000000,
  OrchestratorTables1763700001000,
  AgentPrincipals1763700006000,
  RunDocuments1763700007000,
  ListKeysets1763800010000,
];
