import { pathWithoutQuery, requestForLog, responseForLog } from './logger.module';

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
});
