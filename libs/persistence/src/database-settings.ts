import type { BaseConfig } from '@ensemble/config';

export interface DatabaseSettings {
  host: string;
  port: number;
  database: string;
  /** The app's own schema; its role owns it and nothing else. */
  schema: string;
  role: string;
  password?: string;
  poolSize: number;
}

export function roleFor(schema: string): string {
  return `ensemble_${schema}`;
}

export function databaseSettings(config: BaseConfig, schema: string): DatabaseSettings {
  return {
    host: config.PGHOST,
    port: config.PGPORT,
    database: config.PGDATABASE,
    schema,
    role: roleFor(schema),
    ...(config.DB_PASSWORD ? { password: config.DB_PASSWORD } : {}),
    poolSize: config.DB_POOL_SIZE,
  };
}
