import 'reflect-metadata';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { bootstrapDatabase, databaseSettings, runMigrations } from '@ensemble/persistence';
import { FLEET_APPS } from './fleet-apps';
import { migrationsOf } from './migrations-of';
import { provisionBroker } from './provision-broker';

/**
 * Creates the database, one role and schema per app, and applies every app's migrations as that
 * app's role. Idempotent; `npm run migrate`, the fleet launcher and the k8s Job all run it.
 */
export async function migrateFleet(
  config: BaseConfig,
  log: (line: string) => void = console.log,
): Promise<void> {
  await bootstrapDatabase(
    {
      host: config.PGHOST,
      port: config.PGPORT,
      database: config.PGDATABASE,
      user: config.PGADMIN_USER,
      ...(config.PGADMIN_PASSWORD ? { password: config.PGADMIN_PASSWORD } : {}),
    },
    FLEET_APPS.map((app) => {
      const password = process.env[`DB_PASSWORD_${app.schema.toUpperCase()}`];
      return password ? { schema: app.schema, password } : { schema: app.schema };
    }),
  );
  for (const app of FLEET_APPS) {
    const password = process.env[`DB_PASSWORD_${app.schema.toUpperCase()}`];
    const settings = {
      ...databaseSettings(config, app.schema),
      ...(password ? { password } : {}),
      poolSize: 1,
    };
    const applied = await runMigrations(settings, migrationsOf(app.name));
    log(`${app.name}: ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`);
  }
}

/**
 * One app's migrations as that app's own role (DB_PASSWORD), under the schema's advisory lock:
 * the init container of every pod runs it before the app starts. Needs no admin credentials; the
 * role and schema must exist (`migrate` without --app, the provision Job, creates them).
 */
export async function migrateApp(
  config: BaseConfig,
  name: string,
  log: (line: string) => void = console.log,
): Promise<string[]> {
  const app = FLEET_APPS.find((candidate) => candidate.name === name);
  if (!app) throw new Error(`unknown app ${name}; one of ${FLEET_APPS.map((a) => a.name).join(', ')}`);
  const applied = await runMigrations(
    { ...databaseSettings(config, app.schema), poolSize: 1 },
    migrationsOf(app.name),
  );
  log(`${app.name}: ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`);
  return applied;
}

/**
 * `migrate --app <name>`: that app's migrations only (init containers). `migrate`: the database,
 * every role and schema, every app's migrations, then (unless PROVISION_BROKER=false) the
 * broker's vhost and users (`npm run migrate`, compose, the k8s provision Job).
 */
async function main(): Promise<void> {
  const config = loadConfig(BaseConfig);
  const at = process.argv.indexOf('--app');
  if (at >= 0) {
    await migrateApp(config, process.argv[at + 1] ?? '');
    return;
  }
  await migrateFleet(config);
  if (process.env.PROVISION_BROKER === 'false') return;
  const { vhost } = await provisionBroker(config);
  console.log(`broker: vhost ${vhost}, one user per app (passwords from BROKER_PASSWORD_<APP>, else random)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`migration failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
