import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { Fleet } from './fleet';
import { migrateFleet } from './migrate';
import { preflight } from './preflight';
import { brokerEnv, provisionBroker } from './provision-broker';

const DEV_API_KEY = 'ens_dev_admin_key_change_me';

/** `npm start`: checks Postgres and RabbitMQ, migrates, starts all seven apps, prints the gateway URL. */
async function main(): Promise<void> {
  const config = loadConfig(BaseConfig);
  const problems = await preflight(config);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  await migrateFleet(config, (line) => {
    console.log(`migrate  ${line}`);
  });
  const logins = await provisionBroker(config);
  console.log(`broker   vhost ${logins.vhost}: one user per app, guest has no access`);
  const apiKey = process.env.GATEWAY_BOOTSTRAP_API_KEY ?? DEV_API_KEY;
  const fleet = new Fleet({
    env: {
      GATEWAY_BOOTSTRAP_API_KEY: apiKey,
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    },
    perApp: brokerEnv(logins),
    logDir: process.env.FLEET_LOG_DIR ?? join(process.cwd(), '.fleet', 'logs'),
    restartOnExit: true,
    log: (line) => {
      console.log(`fleet    ${line}`);
    },
  });
  let stopping = false;
  // Every signal is handled: a second Ctrl-C (or a SIGTERM to the whole group) must not kill the
  // launcher before it has stopped the apps, which would leave them running without a parent.
  const shutdown = (): void => {
    if (stopping) {
      console.log('fleet    still stopping (each app drains for up to 15 s)…');
      return;
    }
    stopping = true;
    console.log('fleet    stopping…');
    void fleet.stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await fleet.startAll();
  console.log(`fleet    all 7 apps ready; logs in ${fleet.logPath('gateway').replace(/gateway\.log$/, '')}`);
  console.log(`fleet    gateway: ${fleet.url('gateway')}/api/v1  (docs: ${fleet.url('gateway')}/api/docs)`);
  console.log(
    `fleet    API key: ${apiKey}   (curl -H 'x-api-key: ${apiKey}' ${fleet.url('gateway')}/api/v1/agents)`,
  );
}

main().catch((error: unknown) => {
  console.error(`fleet failed to start: ${(error as Error).message}`);
  process.exit(1);
});
