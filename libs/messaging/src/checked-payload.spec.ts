import { randomUUID } from 'node:crypto';
import { createEnvelope, DomainError, MessageTypes, type Envelope, type RpcType } from '@ensemble/contracts';
import { checkedPayload } from './checked-payload';

function envelopeOf(type: string, payload: Record<string, unknown>): Envelope {
  const id = randomUUID();
  return createEnvelope(type, payload, { tenantId: 't', correlationId: id, causationId: id });
}

function problemsOf(type: RpcType, payload: Record<string, unknown>): unknown {
  try {
    checkedPayload(type, envelopeOf(type, payload));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.details;
  }
  return [];
}

describe('checkedPayload, the RPC request check', () => {
  it('passes a request that fits its contract', () => {
    const request = { id: randomUUID(), offset: 10, limit: 5 };
    expect(
      checkedPayload(MessageTypes.rpc.datasetGet, envelopeOf(MessageTypes.rpc.datasetGet, request)),
    ).toEqual(request);
  });

  it('names each wrong field as [{path, message}]', () => {
    expect(problemsOf(MessageTypes.rpc.datasetGet, { id: 'x', offset: 1e20 })).toEqual([
      { path: 'id', message: 'must be a UUID' },
      { path: 'offset', message: 'must be between 0 and 100000' },
    ]);
    expect(problemsOf(MessageTypes.rpc.transformationCreate, { name: '-x' })).toEqual([
      { path: 'expression', message: 'is required' },
      {
        path: 'name',
        message: 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
    ]);
    expect(problemsOf(MessageTypes.rpc.datasetList, { limit: 0, cursor: 7 })).toEqual([
      { path: 'limit', message: 'must be between 1 and 500' },
      { path: 'cursor', message: 'must be a string' },
    ]);
  });

  it("checks the registry's requests: names, capabilities, ids, health", () => {
    expect(
      problemsOf(MessageTypes.rpc.agentCreate, { name: 'Zoë ocr-1', capabilities: ['acme.ocr'] }),
    ).toEqual([]);
    expect(
      problemsOf(MessageTypes.rpc.agentCreate, { name: 'a/b', capabilities: ['Acme', 'x.y', 'x.y'] }),
    ).toEqual([
      { path: 'name', message: 'must be letters, digits, spaces, ".", "_" and "-"' },
      { path: 'capabilities[0]', message: 'must be dot-separated lowercase names' },
      { path: 'capabilities[2]', message: 'repeats item 1' },
    ]);
    expect(problemsOf(MessageTypes.rpc.agentDelete, { id: 'nope' })).toEqual([
      { path: 'id', message: 'must be a UUID' },
    ]);
    expect(problemsOf(MessageTypes.rpc.agentList, { health: 'sleepy' })).toEqual([
      { path: 'health', message: 'must be one of healthy, unhealthy, draining, offline (not "sleepy")' },
    ]);
  });

  it("checks rule sets' and decision tables' requests alike; their bodies are the agents' to check", () => {
    for (const type of [MessageTypes.rpc.ruleSetActivate, MessageTypes.rpc.decisionTableActivate])
      expect(problemsOf(type, { name: '.x', version: 0 })).toEqual([
        {
          path: 'name',
          message: 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
        },
        { path: 'version', message: 'must be between 1 and 2147483647' },
      ]);
    expect(problemsOf(MessageTypes.rpc.ruleSetCreate, { name: 'r', body: { anything: 1 } })).toEqual([]);
    expect(problemsOf(MessageTypes.rpc.decisionTableCreate, { name: 'r', body: [] })).toEqual([
      { path: 'body', message: 'must be an object' },
    ]);
  });

  it('refuses a NUL character before the schema, naming where it is', () => {
    const payload = { name: 'd', format: 'json', records: [{ a: 'x\u0000' }] };
    expect(JSON.stringify(problemsOf(MessageTypes.rpc.datasetCreate, payload))).toMatch(/records\[0\]\.a/);
  });
});
