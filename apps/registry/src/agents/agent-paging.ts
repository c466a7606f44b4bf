import {
  KeysetCursor,
  MAX_AGENT_ID_LENGTH,
  malformedCursor,
  pageSize,
  type AgentView,
  type Page,
} from '@ensemble/contracts';

const AGENT_CURSOR = new KeysetCursor('agents', ['text']);

/** The cursor of the page after the one that ended with `lastAgentId`. */
export function encodeAgentCursor(lastAgentId: string): string {
  return AGENT_CURSOR.encode([lastAgentId]);
}

/**
 * The agent id a page continues after, or undefined for the first page. Only a cursor this
 * registry could have issued is accepted; anything else is a validation error, never page 1.
 */
export function decodeAgentCursor(cursor: string | undefined): string | undefined {
  const key = AGENT_CURSOR.decode(cursor);
  if (key !== undefined && key[0].length > MAX_AGENT_ID_LENGTH) throw malformedCursor();
  return key?.[0];
}

/** Page size of a request: the default when absent, never above the maximum. */
export const agentPageSize = pageSize;

/** The page of `size` agents from rows read with one extra: the extra row says another page follows. */
export function agentPage(rows: AgentView[], size: number): Page<AgentView> {
  return AGENT_CURSOR.page(
    rows,
    size,
    (agent) => agent,
    (agent) => [agent.agentId],
  );
}
