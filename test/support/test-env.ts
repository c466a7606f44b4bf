import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { dropDatabase } from '@ensemble/persistence';
import { removeBrokerPrincipals } from '../../tools/fleet/provision-broker';

export { freePort } from '../../tools/fleet/free-port';

const run = promisify(execFile);

/**
 * One isolated environment per test file: its own database, its own broker vhost and prefix
 * (and so its own broker users), so runs never collide with each other, with the developer's
 * fleet, or with CI.
 */
export interface TestEnv {
  id: string;
  database: string;
  prefix: string;
  env: Record<string, string>;
  config: BaseConfig;
}

export function createTestEnv(label: string): TestEnv {
  const id = `${label}_${randomBytes(4).toString('hex')}`;
  const database = `ens_t_${id}`;
  const prefix = `t-${id.replace(/_/g, '-')}`;
  const env = {
    PGDATABASE: database,
    BROKER_PREFIX: prefix,
    BROKER_VHOST: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
  };
  return { id, database, prefix, env, config: loadConfig(BaseConfig, { ...process.env, ...env }) };
}

export async function destroyTestEnv(t: TestEnv): Promise<void> {
  const c = t.config;
  await dropDatabase({
    host: c.PGHOST,
    port: c.PGPORT,
    database: t.database,
    user: c.PGADMIN_USER,
    ...(c.PGADMIN_PASSWORD ? { password: c.PGADMIN_PASSWORD } : {}),
  }).catch(() => undefined);
  await deleteQueues(c.AMQP_URL, t.prefix).catch(() => undefined);
  await removeBrokerPrincipals(c).catch(() => undefined);
}

/** Deletes the run's queues and exchanges; needs rabbitmqctl to list them (root on CI). */
async function deleteQueues(url: string, prefix: string): Promise<void> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', 'name'], { timeout: 20_000 });
  const queues = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((q) => q.startsWith(`${prefix}.`));
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue);
  for (const exchange of [`${prefix}.events`, `${prefix}.dlx`]) await channel.deleteExchange(exchange);
  await connection.close();
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}
