import { AGENT_HEALTHS, type AgentHealth } from '@ensemble/contracts';

export const AGENT_HEALTH_VALUES: readonly AgentHealth[] = AGENT_HEALTHS;
