import { randomUUID } from 'node:crypto';
import { createEnvelope, DomainError, MessageTypes, type RpcType } from '@ensemble/contracts';
import { checkedPayload } from '@ensemble/messaging';
import { checkIsoTime } from './request-checks';

function problemsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return error.details;
    throw error;
  }
  return [];
}

const checked = (type: RpcType, payload: object): unknown =>
  problemsOf(() =>
    checkedPayload(
      type,
      createEnvelope(type, payload, { tenantId: 't', correlationId: 'c', causationId: 'c' }),
    ),
  );

describe("the orchestrator's RPC requests refuse what Postgres or the engine would reject", () => {
  it('refuses a run input holding a NUL character, naming the field', () => {
    expect(checked(MessageTypes.rpc.runStart, { workflow: 'w', input: { note: 'a\u0000b' } })).toEqual([
      expect.objectContaining({ path: 'input.note' }),
    ]);
    expect(checked(MessageTypes.rpc.runStart, { workflow: 'w', input: { note: 'ok' } })).toEqual([]);
  });

  it('refuses versions beyond a Postgres integer, and version 0', () => {
    for (const version of [1e15, 0, 1.5])
      expect(checked(MessageTypes.rpc.workflowGet, { name: 'w', version })).toEqual([
        expect.objectContaining({ path: 'version' }),
      ]);
    expect(checked(MessageTypes.rpc.runStart, { workflow: 'w', version: 2_147_483_647 })).toEqual([]);
  });

  it('refuses an unknown control action, a run id that is not a UUID, and an unknown status', () => {
    expect(checked(MessageTypes.rpc.runControl, { runId: 'x', action: 'explode' })).toEqual([
      { path: 'runId', message: 'must be a UUID' },
      { path: 'action', message: 'must be one of cancel, pause, resume, retry (not "explode")' },
    ]);
    expect(checked(MessageTypes.rpc.runControl, { runId: randomUUID(), action: 'pause' })).toEqual([]);
    expect(checked(MessageTypes.rpc.runList, { status: 'lost' })).toEqual([
      expect.objectContaining({ path: 'status' }),
    ]);
  });

  it('refuses impossible dates', () => {
    expect(
      problemsOf(() => {
        checkIsoTime('2026-02-30', 'createdAfter');
      }),
    ).toEqual([{ path: 'createdAfter', message: 'must be an ISO 8601 time' }]);
    expect(
      problemsOf(() => {
        checkIsoTime('2026-02-28T00:00:00Z', 'createdAfter');
      }),
    ).toEqual([]);
  });
});
