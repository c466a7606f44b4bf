import { MessageTypes } from '../message-types';
import { RPC_OWNERS, type RpcReplyOf, type RpcRequestOf } from './rpc-contracts';

describe('the RPC contracts', () => {
  it('name an owner for every RPC message type, and nothing else', () => {
    expect(Object.keys(RPC_OWNERS).sort()).toEqual(Object.values(MessageTypes.rpc).sort());
  });

  it('give each RPC its request and reply types (checked by the compiler: npm run typecheck)', () => {
    const start: RpcRequestOf<'run.start.v1'> = { workflow: 'orders', input: {} };
    // @ts-expect-error a run start names its workflow
    const nameless: RpcRequestOf<'run.start.v1'> = { input: {} };
    const reply: RpcReplyOf<'run.start.v1'> = { runId: 'r', created: true };
    // @ts-expect-error an agent list replies with a page, not an array
    const agents: RpcReplyOf<'agent.list.v1'> = [];
    expect([start, nameless, reply, agents]).toHaveLength(4);
  });
});
