import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { BaseConfig, loadConfig } from '@ensemble/config';
import { BrokerNames, FLEET_APPS, PrincipalNames, type FleetApp } from '@ensemble/contracts';
import { BrokerAdmin, fleetPermissions } from '@ensemble/messaging';

export interface BrokerLogins {
  vhost: string;
  /** Each fleet app's own AMQP URL (its user, its password, the Ensemble vhost). */
  urls: Record<FleetApp, string>;
}

/** A fleet app's password: `BROKER_PASSWORD_<APP>` when the operator provides one, else a fresh random one. */
function passwordOf(app: FleetApp, env: NodeJS.ProcessEnv): string {
  const key = `BROKER_PASSWORD_${app.toUpperCase().replace(/-/g, '_')}`;
  return env[key] ?? randomBytes(24).toString('base64url');
}

/** The URL `app` connects with: the base URL's host and port, its own login, the vhost. */
export function amqpUrlFor(baseUrl: string, user: string, password: string, vhost: string): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}

/**
 * Creates the Ensemble vhost and one broker user per fleet app with least-privilege permissions
 * (see fleetPermissions). The administrator that creates the vhost gets no permission on it, so
 * guest cannot reach Ensemble's queues. Idempotent: re-running resets passwords and permissions.
 */
export async function provisionBroker(
  config: BaseConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BrokerLogins> {
  const admin = new BrokerAdmin(config.BROKER_ADMIN_URL);
  const names = new BrokerNames(config.BROKER_PREFIX);
  const principals = new PrincipalNames(config.BROKER_PREFIX);
  const vhost = config.BROKER_VHOST;
  await admin.ensureVhost(vhost);
  await admin.clearPermissions(vhost, adminUser(config.BROKER_ADMIN_URL));
  const urls = {} as Record<FleetApp, string>;
  for (const app of FLEET_APPS) {
    const user = principals.service(app);
    const password = passwordOf(app, env);
    await admin.putUser(user, password);
    await admin.setPermissions(vhost, user, fleetPermissions(app, names));
    urls[app] = amqpUrlFor(config.AMQP_URL, user, password, vhost);
  }
  return { vhost, urls };
}

/** Deletes the vhost (and every queue in it) and every user under the prefix: private fleets clean up after themselves. */
export async function removeBrokerPrincipals(config: BaseConfig): Promise<void> {
  const admin = new BrokerAdmin(config.BROKER_ADMIN_URL);
  await admin.deleteVhost(config.BROKER_VHOST);
  for (const user of await admin.users())
    if (user.startsWith(`${config.BROKER_PREFIX}.`)) await admin.deleteUser(user);
}

/** Per-app environment for the fleet launcher: each app's own AMQP URL. */
export function brokerEnv(logins: BrokerLogins): Record<string, Record<string, string>> {
  return Object.fromEntries(
    FLEET_APPS.map((app) => [app, { AMQP_URL: logins.urls[app], BROKER_VHOST: logins.vhost }]),
  );
}

function adminUser(adminUrl: string): string {
  return decodeURIComponent(new URL(adminUrl).username);
}

if (require.main === module) {
  provisionBroker(loadConfig(BaseConfig))
    .then(({ vhost }) => {
      console.log(`broker: vhost ${vhost} and ${FLEET_APPS.length} fleet users provisioned`);
    })
    .catch((error: unknown) => {
      console.error(`broker provisioning failed: ${(error as Error).message}`);
      process.exit(1);
    });
}
