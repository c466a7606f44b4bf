import {
  DomainError,
  RPC_OWNERS,
  type EnvelopeOrigin,
  type RpcService,
  type RpcType,
} from '@ensemble/contracts';
import type { RpcClient } from '@ensemble/messaging';
import type { ExecuteWorkflowDto } from './dto/workflow.dto';
import { idempotencyKeyOf, WorkflowsService } from './workflows.service';

interface Call {
  service: RpcService;
  type: string;
  payload: object;
  origin: EnvelopeOrigin;
}

class RecordingRpc {
  readonly calls: Call[] = [];

  constructor(private readonly reply: unknown) {}

  call(type: RpcType, payload: object, origin: EnvelopeOrigin): Promise<unknown> {
    this.calls.push({ service: RPC_OWNERS[type], type, payload, origin });
    return Promise.resolve(this.reply);
  }
}

const origin: EnvelopeOrigin = { tenantId: 'acme', correlationId: 'c-1', causationId: 'c-1' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('idempotencyKeyOf', () => {
  it('takes the key from the body or the header', () => {
    expect(idempotencyKeyOf('k1', undefined)).toBe('k1');
    expect(idempotencyKeyOf(undefined, ' k2 ')).toBe('k2');
    expect(idempotencyKeyOf('k1', 'k1')).toBe('k1');
    expect(idempotencyKeyOf(undefined, undefined)).toBeUndefined();
  });

  it('rejects a body key and header that disagree', () => {
    expect(codeOf(() => idempotencyKeyOf('k1', 'k2'))).toBe('VALIDATION_FAILED');
  });

  it('rejects an over-long header', () => {
    expect(codeOf(() => idempotencyKeyOf(undefined, 'x'.repeat(201)))).toBe('VALIDATION_FAILED');
  });
});

describe('WorkflowsService.execute', () => {
  it('starts a run of the named workflow and links to it', async () => {
    const runId = '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10';
    const rpc = new RecordingRpc({ runId, created: true });
    const service = new WorkflowsService(rpc as unknown as RpcClient);
    const body: ExecuteWorkflowDto = { input: { order: 7 }, version: 2 };

    const started = await service.execute(origin, 'orders', body, 'idem-1');

    expect(started).toEqual({ runId, created: true, links: { self: `/api/v1/runs/${runId}` } });
    expect(rpc.calls).toEqual([
      {
        service: 'orchestrator',
        type: 'run.start.v1',
        payload: { workflow: 'orders', version: 2, input: { order: 7 }, idempotencyKey: 'idem-1' },
        origin,
      },
    ]);
  });

  it('sends an empty input and no optional fields when none are given', async () => {
    const rpc = new RecordingRpc({ runId: 'r', created: false });
    const service = new WorkflowsService(rpc as unknown as RpcClient);

    await service.execute(origin, 'orders', {});

    expect(rpc.calls[0]?.payload).toEqual({ workflow: 'orders', input: {} });
  });
});
