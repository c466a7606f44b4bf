import { Readable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@ensemble/contracts';
import type { BodyLimits } from '../gateway.config';
import { bodyLimitOf, bodySizeGates, JsonBodyParser } from './body-limits';

const MIB = 1024 * 1024;
const limits: BodyLimits = { defaultBytes: MIB, perFamily: new Map([['datasets', 16 * MIB]]) };

function request(url: string, body: string, headers: Record<string, string> = {}): Request {
  const req = Readable.from([Buffer.from(body)]) as unknown as Request;
  Object.assign(req, {
    url,
    originalUrl: url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
  });
  return req;
}

function gate(req: Request): unknown {
  const [jsonParser] = bodySizeGates(limits);
  let passed: unknown = 'not called';
  jsonParser(req, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  return passed;
}

describe('body limits', () => {
  it('gives each route family its own limit and every other route the default', () => {
    expect(bodyLimitOf('/api/v1/datasets', limits)).toBe(16 * MIB);
    expect(bodyLimitOf('/api/v1/workflows/x/execute', limits)).toBe(MIB);
    expect(bodyLimitOf('/elsewhere', limits)).toBe(MIB);
  });

  it('refuses a declared 2 MiB body with 413 before reading it, credentials or not', () => {
    const error = gate(request('/api/v1/workflows/x/execute', '', { 'content-length': String(2 * MIB) }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets a small body or a dataset-sized upload to datasets through the gate', () => {
    expect(gate(request('/api/v1/workflows', '{}'))).toBeUndefined();
    expect(gate(request('/api/v1/datasets', '', { 'content-length': String(2 * MIB) }))).toBeUndefined();
  });

  it('parses JSON within the limit and refuses a body that streams past it without a length', async () => {
    const parser = new JsonBodyParser({ defaultBytes: 64, perFamily: new Map() });
    const small = request('/api/v1/runs', '{"a":1}');
    await parser.parse(small, {} as Response);
    expect(small.body).toEqual({ a: 1 });

    const big = request('/api/v1/runs', JSON.stringify({ a: 'x'.repeat(200) }), {
      'transfer-encoding': 'chunked',
    });
    delete big.headers['content-length'];
    await expect(parser.parse(big, {} as Response)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
