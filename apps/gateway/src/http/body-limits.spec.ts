import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { DomainError } from '@ensemble/contracts';
import type { BodyLimits } from '../gateway.config';
import { bodyLimitOf, declaredTooLarge, readJsonBody } from './body-limits';

const MIB = 1024 * 1024;
const limits: BodyLimits = { defaultBytes: MIB, perFamily: new Map([['datasets', 16 * MIB]]) };

function request(url: string, body: string, headers: Record<string, string> = {}): IncomingMessage {
  const req = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  Object.assign(req, {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
  });
  return req;
}

describe('body limits', () => {
  it('gives each route family its own limit and every other route the default', () => {
    expect(bodyLimitOf('/api/v1/datasets', limits)).toBe(16 * MIB);
    expect(bodyLimitOf('/api/v1/workflows/x/execute', limits)).toBe(MIB);
    expect(bodyLimitOf('/elsewhere', limits)).toBe(MIB);
  });

  it('refuses a declared 2 MiB body with 413 before reading it, credentials or not', () => {
    const req = request('/api/v1/workflows/x/execute', '', { 'content-length': String(2 * MIB) });
    const error = declaredTooLarge(req, limits);
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(req.readableFlowing).toBeNull();
  });

  it('lets a small body or a dataset-sized upload to datasets through the gate', () => {
    expect(declaredTooLarge(request('/api/v1/workflows', '{}'), limits)).toBeUndefined();
    const upload = request('/api/v1/datasets', '', { 'content-length': String(2 * MIB) });
    expect(declaredTooLarge(upload, limits)).toBeUndefined();
  });

  it('parses JSON within the limit and refuses a body that streams past it without a length', async () => {
    const small: BodyLimits = { defaultBytes: 64, perFamily: new Map() };
    await expect(readJsonBody(request('/api/v1/runs', '{"a":1}'), small)).resolves.toEqual({ a: 1 });

    const big = request('/api/v1/runs', JSON.stringify({ a: 'x'.repeat(200) }), {
      'transfer-encoding': 'chunked',
    });
    delete big.headers['content-length'];
    await expect(readJsonBody(big, small)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses other content types unread (415), leaves empty bodies, and refuses what is not a JSON document', async () => {
    await expect(
      readJsonBody(request('/api/v1/runs', 'a=1', { 'content-type': 'text/plain' }), limits),
    ).rejects.toMatchObject({ status: 415 });
    await expect(
      readJsonBody(request('/api/v1/runs', '', { 'content-type': 'text/plain' }), limits),
    ).resolves.toBeUndefined();
    await expect(readJsonBody(request('/api/v1/runs', ''), limits)).resolves.toBeUndefined();
    await expect(readJsonBody(request('/api/v1/runs', '{"a":'), limits)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'the request body is not valid JSON',
    });
    await expect(readJsonBody(request('/api/v1/runs', '"text"'), limits)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const latin1 = request('/api/v1/runs', '{}', { 'content-type': 'application/json; charset=latin1' });
    await expect(readJsonBody(latin1, limits)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const utf8 = request('/api/v1/runs', '[1]', { 'content-type': 'Application/JSON; charset="UTF-8"' });
    await expect(readJsonBody(utf8, limits)).resolves.toEqual([1]);
  });
});
