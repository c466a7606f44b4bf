import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { dropDatabase } from '@ensemble/persistence';
import { Fleet } from '../fleet/fleet';
import { FLEET_APPS } from '../fleet/fleet-apps';
import { freePort } from '../fleet/free-port';
import { migrateFleet } from '../fleet/migrate';
import { preflight } from '../fleet/preflight';
import {
  brokerEnv,
  provisionBroker,
  removeBrokerPrincipals,
  type BrokerLogins,
} from '../fleet/provision-broker';

export interface PrivateFleet {
  fleet: Fleet;
  config: BaseConfig;
  logins: BrokerLogins;
  apiKey: string;
  /** Superuser connection to the private database, for reading results. */
  db: Client;
  /** Base URL of every gateway process. */
  gateways: string[];
  /** The processes of each app, by instance name (`gateway`, `gateway-2`, …). */
  instances: Record<string, string[]>;
  /** DB_POOL_SIZE of each process: the configured one divided by the replicas. */
  poolSize: number;
}

export interface PrivateFleetOptions {
  perApp?: Record<string, Record<string, string>>;
  /** Processes of every app but the registry (gateway, orchestrator, agents); default 1. */
  replicas?: number;
}

/** The registry stays single: it only hears announcements and answers a few RPCs. */
const REPLICATED = FLEET_APPS.map((a) => a.name).filter((name) => name !== 'registry');

function instancesOf(replicas: number): Record<string, string[]> {
  return Object.fromEntries(
    FLEET_APPS.map((a) => [
      a.name,
      REPLICATED.includes(a.name)
        ? Array.from({ length: replicas }, (_, i) => (i === 0 ? a.name : `${a.name}-${i + 1}`))
        : [a.name],
    ]),
  );
}

/**
 * A fleet of its own for a benchmark (own database, vhost, prefix and broker users, free ports,
 * rate limits out of the way), removed afterwards whatever happens.
 */
export async function withPrivateFleet<T>(
  label: string,
  work: (f: PrivateFleet) => Promise<T>,
  { perApp = {}, replicas = 1 }: PrivateFleetOptions = {},
): Promise<T> {
  const id = `${label}-${randomBytes(3).toString('hex')}`;
  const env = {
    PGDATABASE: `ens_${id.replace(/-/g, '_')}`,
    BROKER_PREFIX: id,
    BROKER_VHOST: id,
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(BaseConfig, { ...process.env, ...env });
  const problems = await preflight(config);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const remove = async (): Promise<void> => {
    await removeBrokerPrincipals(config);
    await dropDatabase({
      host: config.PGHOST,
      port: config.PGPORT,
      database: env.PGDATABASE,
      user: config.PGADMIN_USER,
    });
  };
  let logins: BrokerLogins;
  try {
    await migrateFleet(config, () => undefined);
    logins = await provisionBroker(config, {});
  } catch (error) {
    // e.g. the management API not answering: leave no database behind.
    await remove().catch(() => undefined);
    throw error;
  }
  const apiKey = `ens_bench_${randomBytes(12).toString('hex')}`;
  const ports: Record<string, number> = {};
  // Picked by the OS, so two benches (or a bench and a test run) never collide.
  for (const app of FLEET_APPS) ports[app.name] = await freePort();
  const instances = instancesOf(replicas);
  // 13 processes with 10 connections each would pass Postgres's default max_connections (100):
  // an app's pool is split over its processes, so both settings have the same connections.
  const poolSize = Math.ceil(config.DB_POOL_SIZE / replicas);
  const fleet = new Fleet({
    env: {
      ...env,
      DB_POOL_SIZE: String(poolSize),
      GATEWAY_BOOTSTRAP_API_KEY: apiKey,
      JWT_SECRET: randomBytes(24).toString('hex'),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
    logDir: join('/tmp', 'ensemble-bench', id),
    ports,
    perApp: Object.fromEntries(
      Object.entries(brokerEnv(logins)).map(([app, e]) => [app, { ...e, ...perApp[app] }]),
    ),
  });
  const db = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGADMIN_USER,
    database: env.PGDATABASE,
  });
  try {
    await fleet.startAll(120_000);
    const extra: { app: string; instance: string; port: number }[] = [];
    for (const [app, names] of Object.entries(instances))
      for (const instance of names.slice(1)) extra.push({ app, instance, port: await freePort() });
    await Promise.all(extra.map((e) => fleet.startInstance(e.app, e.instance, e.port, {}, 120_000)));
    await db.connect();
    const gateways = instances.gateway.map((instance) => fleet.url(instance));
    return await work({ fleet, config, logins, apiKey, db, gateways, instances, poolSize });
  } finally {
    await db.end().catch(() => undefined);
    await fleet.stopAll();
    await remove();
  }
}
