/** Credentials published in the README, docker-compose.yml and k8s placeholders. */
const DOCUMENTED_DEFAULTS: ReadonlySet<string> = new Set([
  'ens_dev_admin_key_change_me',
  'dev-jwt-secret-change-me',
  'dev-bootstrap-api-key',
  'dev-postgres-password',
  'dev-rabbitmq-password',
  ...['gateway', 'orchestrator', 'registry', 'validation', 'decision', 'data', 'coordinator'].map(
    (schema) => `dev-${schema}-password`,
  ),
  'guest',
  'postgres',
  'password',
]);
const PLACEHOLDER = /change[-_ ]?me|placeholder/i;
export const MIN_JWT_SECRET_BYTES = 32;

const CREDENTIALS = ['JWT_SECRET', 'GATEWAY_BOOTSTRAP_API_KEY', 'PGADMIN_PASSWORD', 'DB_PASSWORD'];
const PER_APP_PASSWORD = /^(DB_PASSWORD_[A-Z]+|BROKER_PASSWORD_[A-Z_]+)$/;

export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' || env.ENSEMBLE_ENV === 'production';
}

function isDefault(value: string): boolean {
  return DOCUMENTED_DEFAULTS.has(value) || PLACEHOLDER.test(value);
}

/** `guest:guest`, a documented password, or no credentials at all (amqplib then sends guest). */
function brokerProblem(name: string, url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${name}: is not a URL`;
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  if (user === '' || user === 'guest') return `${name}: uses the guest account`;
  if (password === '' || isDefault(password)) return `${name}: uses a documented default or empty password`;
  return undefined;
}

/**
 * Every credential that must not ship: a documented default, a placeholder, a broker URL with
 * guest:guest, or a JWT secret shorter than 32 bytes. Empty unless NODE_ENV or ENSEMBLE_ENV is
 * `production`; the caller refuses to start when any is listed.
 */
export function productionProblems(config: object, env: NodeJS.ProcessEnv): string[] {
  if (!isProduction(env)) return [];
  const values = config as Record<string, unknown>;
  const problems: string[] = [];
  const named = [
    ...CREDENTIALS.map((name) => [name, values[name]] as const),
    ...Object.entries(env).filter(([name]) => PER_APP_PASSWORD.test(name)),
  ];
  for (const [name, value] of named) {
    if (typeof value === 'string' && isDefault(value)) problems.push(`${name}: is a documented default`);
  }
  const secret = values.JWT_SECRET;
  if (typeof secret === 'string' && Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES)
    problems.push(`JWT_SECRET: is shorter than ${MIN_JWT_SECRET_BYTES} bytes`);
  const broker = brokerProblem('AMQP_URL', values.AMQP_URL);
  if (broker) problems.push(broker);
  // Only migrate and the registry use the management API; the others never set it.
  const admin =
    env.BROKER_ADMIN_URL === undefined ? undefined : brokerProblem('BROKER_ADMIN_URL', env.BROKER_ADMIN_URL);
  if (admin) problems.push(admin);
  return problems;
}
