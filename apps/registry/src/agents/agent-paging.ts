import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  MAX_AGENT_ID_LENGTH,
  MAX_PAGE_SIZE,
  unstorableTextProblem,
  type AgentView,
  type Page,
} from '@ensemble/contracts';

/** Marks a registry agent cursor, so any other base64url text is refused rather than read as an id. */
const MARKER = 'agent:';

/** The cursor of the page after the one that ended with `lastAgentId`. */
export function encodeAgentCursor(lastAgentId: string): string {
  return Buffer.from(`${MARKER}${lastAgentId}`, 'utf8').toString('base64url');
}

/**
 * The agent id a page continues after, or undefined for the first page. Only a cursor this
 * registry could have issued is accepted: canonical base64url of valid UTF-8, the marker, and an
 * id Postgres can store; anything else is a validation error, never page 1.
 */
export function decodeAgentCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const after = text.slice(MARKER.length);
  const valid =
    text.startsWith(MARKER) &&
    after.length > 0 &&
    after.length <= MAX_AGENT_ID_LENGTH &&
    unstorableTextProblem(after, 'cursor') === undefined &&
    encodeAgentCursor(after) === cursor;
  if (!valid)
    throw new DomainError('VALIDATION_FAILED', 'cursor is malformed', [
      { path: 'cursor', message: 'must be the nextCursor of a previous page' },
    ]);
  return after;
}

/** Page size of a request: the default when absent, never above the maximum. */
export function agentPageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** The page of `size` agents from rows read with one extra: the extra row says another page follows. */
export function agentPage(rows: AgentView[], size: number): Page<AgentView> {
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > size && last ? encodeAgentCursor(last.agentId) : null };
}
