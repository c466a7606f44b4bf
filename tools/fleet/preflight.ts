import amqp from 'amqplib';
import { Client } from 'pg';
import type { BaseConfig } from '@ensemble/config';

/** Checks Postgres and RabbitMQ answer; each problem is one line saying how to fix it. */
export async function preflight(config: BaseConfig): Promise<string[]> {
  const problems: string[] = [];
  const pg = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGADMIN_USER,
    database: 'postgres',
    ...(config.PGADMIN_PASSWORD ? { password: config.PGADMIN_PASSWORD } : {}),
    connectionTimeoutMillis: 3000,
  });
  try {
    await pg.connect();
  } catch (error) {
    problems.push(
      `PostgreSQL is not reachable at ${config.PGHOST}:${config.PGPORT} as ${config.PGADMIN_USER} (${(error as Error).message}); ` +
        `start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (or: bash .ci/services)`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  try {
    const connection = await amqp.connect(config.AMQP_URL, { timeout: 3000 });
    await connection.close();
  } catch (error) {
    problems.push(
      `RabbitMQ is not reachable at ${config.AMQP_URL.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}); ` +
        `start it with: rabbitmq-server -detached  (or: bash .ci/services)`,
    );
  }
  try {
    const response = await fetch(
      new URL('/api/overview', config.BROKER_ADMIN_URL.replace(/\/\/[^@]*@/, '//')),
      {
        headers: { authorization: basicAuth(config.BROKER_ADMIN_URL) },
        signal: AbortSignal.timeout(3000),
      },
    );
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    problems.push(
      `The RabbitMQ management API is not reachable at ${config.BROKER_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} ` +
        `(${(error as Error).message}); it provisions the broker users: ` +
        `rabbitmq-plugins enable rabbitmq_management  (or: bash .ci/services)`,
    );
  }
  return problems;
}

function basicAuth(url: string): string {
  const { username, password } = new URL(url);
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
}
