import type { IncomingMessage } from 'node:http';
import { isProbe, pathWithoutQuery, requestForLog, responseForLog } from './logger.module';

describe('request log lines', () => {
  it('keep the path and drop the query string, which carries tenant data', () => {
    expect(pathWithoutQuery('/api/v1/runs?workflow=acme-payroll&cursor=MTA')).toBe('/api/v1/runs');
    expect(pathWithoutQuery('/health/live')).toBe('/health/live');
  });

  it('carry no headers (credentials) and no body (run inputs)', () => {
    const logged = requestForLog({
      id: 'c-1',
      method: 'POST',
      url: '/api/v1/workflows/x/execute?secret=1',
      remoteAddress: '10.0.0.1',
      ...{ headers: { 'x-api-key': 'ens_secret' }, body: { input: { ssn: '123' } } },
    });
    expect(logged).toEqual({
      id: 'c-1',
      method: 'POST',
      url: '/api/v1/workflows/x/execute',
      remoteAddress: '10.0.0.1',
    });
  });

  it('say the response status, not its headers', () => {
    const res = {
      statusCode: 201,
      headers: { 'set-cookie': 'x', 'content-security-policy': "default-src 'self'" },
    };
    expect(responseForLog(res)).toEqual({ statusCode: 201 });
  });

  it('are not written for health probes and metrics scrapes, however the URL is mounted', () => {
    const req = (url: string, originalUrl?: string): IncomingMessage =>
      ({ url, originalUrl, headers: {} }) as unknown as IncomingMessage;
    expect(isProbe(req('/ready', '/health/ready'))).toBe(true);
    expect(isProbe(req('/health/live'))).toBe(true);
    expect(isProbe(req('/metrics?x=1'))).toBe(true);
    expect(isProbe(req('/api/v1/runs', '/api/v1/runs'))).toBe(false);
    expect(isProbe(req('/ready', '/api/v1/health/ready'))).toBe(false);
    expect(isProbe(req('/healthy'))).toBe(false);
  });
});
