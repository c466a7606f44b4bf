import { ConfigError, loadConfig } from '@ensemble/config';
import { GatewayConfig } from './gateway.config';

const SECRET = 'a-secret-of-at-least-16';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(GatewayConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('GatewayConfig', () => {
  it('refuses to start without a JWT secret, or with a short one', () => {
    expect(problemsOf({}).some((p) => p.startsWith('JWT_SECRET'))).toBe(true);
    expect(problemsOf({ JWT_SECRET: 'short' }).some((p) => p.startsWith('JWT_SECRET'))).toBe(true);
  });

  it('has the documented defaults', () => {
    const config = loadConfig(GatewayConfig, { JWT_SECRET: SECRET });

    expect(config).toMatchObject({
      PORT: 3000,
      GATEWAY_BOOTSTRAP_TENANT: 'default',
      RATE_LIMIT_PER_SECOND: 50,
      RATE_LIMIT_BURST: 100,
    });
    expect(config.GATEWAY_BOOTSTRAP_API_KEY).toBeUndefined();
  });

  it('reads rate limits from the environment as numbers', () => {
    const config = loadConfig(GatewayConfig, {
      JWT_SECRET: SECRET,
      RATE_LIMIT_PER_SECOND: '5',
      RATE_LIMIT_BURST: '10',
    });

    expect([config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST]).toEqual([5, 10]);
  });

  it('refuses a bootstrap key that could be mistaken for a JWT', () => {
    const problems = problemsOf({ JWT_SECRET: SECRET, GATEWAY_BOOTSTRAP_API_KEY: 'aaaaaaaa.bbbbbbbb.cccc' });

    expect(problems.some((p) => p.startsWith('GATEWAY_BOOTSTRAP_API_KEY'))).toBe(true);
  });
});

describe('GatewayConfig body limits', () => {
  it('defaults to 1 MiB, with 16 MiB for datasets', () => {
    const limits = loadConfig(GatewayConfig, { JWT_SECRET: SECRET }).bodyLimits();

    expect(limits.defaultBytes).toBe(1024 * 1024);
    expect(limits.perFamily.get('datasets')).toBe(16 * 1024 * 1024);
  });

  it('takes a limit per route family and refuses a malformed list', () => {
    const env = { JWT_SECRET: SECRET, HTTP_BODY_LIMITS: 'datasets=1000000, workflows=2000000' };
    expect(loadConfig(GatewayConfig, env).bodyLimits().perFamily.get('workflows')).toBe(2_000_000);
    expect(problemsOf({ JWT_SECRET: SECRET, HTTP_BODY_LIMITS: 'datasets:big' })).toEqual([
      expect.stringMatching(/^HTTP_BODY_LIMITS/) as string,
    ]);
  });
});
