import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { Agents1763700002000 } from './1763700002000-agents';
import { AgentPrincipals1763700006000 } from './1763700006000-agent-principals';
import { AgentsListOrder1763700008000 } from './1763700008000-agents-list-order';
import { AgentsHeartbeatsHot1763700009000 } from './1763700009000-agents-heartbeats-hot';

export const migrations = [
  MessagingTables1763700000000,
  Agents1763700002000,
  AgentPrincipals1763700006000,
  AgentsListOrder1763700008000,
  AgentsHeartbeatsHot1763700009000,
];
