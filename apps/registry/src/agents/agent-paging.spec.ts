import { DEFAULT_PAGE_SIZE, DomainError, MAX_AGENT_ID_LENGTH, MAX_PAGE_SIZE } from '@ensemble/contracts';
import type { AgentView } from '@ensemble/contracts';
import { agentPage, agentPageSize, decodeAgentCursor, encodeAgentCursor } from './agent-paging';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('agent cursors', () => {
  it.each(['data-agent@host-1', 'ünïcode@höst-😀', 'a', 'x'.repeat(MAX_AGENT_ID_LENGTH)])(
    'decode to the agent id they were made from (%s)',
    (agentId) => {
      const cursor = encodeAgentCursor(agentId);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeAgentCursor(cursor)).toBe(agentId);
    },
  );

  it('reads no cursor as the first page', () => {
    expect(decodeAgentCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['base64url without the list and version', b64('data-agent@host-1')],
    ['the agent cursor of the previous codec', b64('agent:data-agent@host-1')],
    ['the list alone', b64('[1,"agents"]')],
    [
      'an id longer than any agent id',
      b64(JSON.stringify([1, 'agents', 'x'.repeat(MAX_AGENT_ID_LENGTH + 1)])),
    ],
    ['a NUL character', b64(JSON.stringify([1, 'agents', 'a\u0000b']))],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('[1,"agents","'), Buffer.from([0xc3, 0x28]), Buffer.from('"]')]).toString(
        'base64url',
      ),
    ],
    ['padded base64', `${encodeAgentCursor('ab')}=`],
    ['standard base64 characters', Buffer.from('agent:a?>b', 'utf8').toString('base64')],
    ['an offset cursor of another list', b64('50')],
    ['the empty string', ''],
  ])('refuses %s as a validation error on the cursor', (_what, cursor) => {
    let thrown: unknown;
    try {
      decodeAgentCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
  });
});

const agent = (agentId: string): AgentView => ({
  agentId,
  name: 'n',
  version: '1',
  capabilities: ['c'],
  concurrency: 1,
  health: 'healthy',
  host: null,
  registeredAt: '2026-12-02T00:00:00.000Z',
  lastHeartbeatAt: '2026-12-02T00:00:00.000Z',
});

describe('agent pages', () => {
  it('uses the default size when none is asked for and never exceeds the maximum', () => {
    expect(agentPageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(agentPageSize(7)).toBe(7);
    expect(agentPageSize(MAX_PAGE_SIZE + 1)).toBe(MAX_PAGE_SIZE);
  });

  it('continues after the last agent shown when the extra row says more follow', () => {
    const page = agentPage([agent('a'), agent('b'), agent('c')], 2);
    expect(page.items.map((a) => a.agentId)).toEqual(['a', 'b']);
    expect(page.nextCursor === null ? undefined : decodeAgentCursor(page.nextCursor)).toBe('b');
  });

  it('ends the listing when no extra row came back', () => {
    expect(agentPage([agent('a'), agent('b')], 2).nextCursor).toBeNull();
    expect(agentPage([], 2)).toEqual({ items: [], nextCursor: null });
  });
});
