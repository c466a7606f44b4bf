import { BaseConfig } from './base.config';
import { ConfigError, loadConfig } from './load-config';
import { productionProblems } from './production-guard';

class GatewayLike extends BaseConfig {
  JWT_SECRET?: string;
  GATEWAY_BOOTSTRAP_API_KEY?: string;
}

const strong = {
  AMQP_URL: 'amqp://ensemble:Zq8vVh1kq3t7Yp0sWm2rXc5n@rabbitmq:5672',
  DB_PASSWORD: 'b7Qm2xLp9Vt4Rk8sWz1nHc6y',
};

function problems(env: Record<string, string>): string[] {
  const config = Object.assign(new GatewayLike(), env);
  return productionProblems(config, { NODE_ENV: 'production', ...env });
}

describe('productionProblems', () => {
  it('lists nothing outside production, whatever the credentials', () => {
    expect(productionProblems(new BaseConfig(), { NODE_ENV: 'development' })).toEqual([]);
  });

  it('accepts strong, generated credentials', () => {
    expect(problems({ ...strong, JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it("refuses the management API's guest account and a default broker password of an app", () => {
    expect(problems({ ...strong, BROKER_ADMIN_URL: 'http://guest:guest@rabbitmq:15672' })).toEqual([
      'BROKER_ADMIN_URL: uses the guest account',
    ]);
    expect(
      problems({ ...strong, BROKER_PASSWORD_DATA_AGENT: 'CHANGE-ME-data-agent-broker-password' }),
    ).toEqual(['BROKER_PASSWORD_DATA_AGENT: is a documented default']);
  });

  it('refuses the default broker account guest:guest and a URL without credentials', () => {
    expect(problems({ DB_PASSWORD: strong.DB_PASSWORD })).toEqual(['AMQP_URL: uses the guest account']);
    expect(problems({ ...strong, AMQP_URL: 'amqp://rabbitmq:5672' })).toEqual([
      'AMQP_URL: uses the guest account',
    ]);
  });

  it("lists every documented default at once: the README's admin key, compose's secrets and passwords", () => {
    const listed = problems({
      AMQP_URL: 'amqp://ensemble:dev-rabbitmq-password@rabbitmq:5672',
      GATEWAY_BOOTSTRAP_API_KEY: 'ens_dev_admin_key_change_me',
      JWT_SECRET: 'dev-jwt-secret-change-me',
      DB_PASSWORD: 'dev-gateway-password',
      PGADMIN_PASSWORD: 'dev-postgres-password',
      DB_PASSWORD_DATA: 'dev-data-password',
    });
    expect(listed).toEqual([
      'JWT_SECRET: is a documented default',
      'GATEWAY_BOOTSTRAP_API_KEY: is a documented default',
      'PGADMIN_PASSWORD: is a documented default',
      'DB_PASSWORD: is a documented default',
      'DB_PASSWORD_DATA: is a documented default',
      'JWT_SECRET: is shorter than 32 bytes',
      'AMQP_URL: uses a documented default or empty password',
    ]);
  });

  it('refuses a JWT secret under 32 bytes and any CHANGE-ME placeholder', () => {
    expect(problems({ ...strong, JWT_SECRET: 'a'.repeat(31) })).toEqual([
      'JWT_SECRET: is shorter than 32 bytes',
    ]);
    expect(problems({ ...strong, DB_PASSWORD: 'CHANGE-ME-gateway-password' })).toEqual([
      'DB_PASSWORD: is a documented default',
    ]);
  });

  it('is applied by loadConfig when ENSEMBLE_ENV is production', () => {
    const env = { ENSEMBLE_ENV: 'production', DB_PASSWORD: 'dev-orchestrator-password' };
    expect(() => loadConfig(BaseConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(BaseConfig, env)).toThrow(/DB_PASSWORD: is a documented default/);
    expect(() => loadConfig(BaseConfig, { ...env, ...strong })).not.toThrow();
  });
});
