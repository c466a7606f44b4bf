import { IsInt } from 'class-validator';
import { BaseConfig } from './base.config';
import { ConfigError, loadConfig } from './load-config';

class AppConfig extends BaseConfig {
  override PORT = 3999;
}

class NeedsSecret extends BaseConfig {
  @IsInt()
  SECRET_NUMBER!: number;
}

describe('loadConfig', () => {
  it('converts numeric variables and keeps defaults of subclasses', () => {
    const config = loadConfig(AppConfig, { PORT: '5101', PGPORT: '6543' });
    expect(config.PORT).toBe(5101);
    expect(config.PGPORT).toBe(6543);
    expect(loadConfig(AppConfig, {}).PORT).toBe(3999);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig(NeedsSecret, { PGPORT: 'x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PGPORT/);
      expect(problems).toMatch(/LOG_LEVEL/);
      expect(problems).toMatch(/SECRET_NUMBER/);
    }
  });
});
