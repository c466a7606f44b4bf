import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet } from '../../tools/fleet/fleet';
import { FLEET_APPS } from '../../tools/fleet/fleet-apps';
import { migrateFleet } from '../../tools/fleet/migrate';
import { brokerEnv, provisionBroker, type BrokerLogins } from '../../tools/fleet/provision-broker';
import type { ResponseObserver } from './openapi-conformance';
import { eventually, freePort, type TestEnv } from './test-env';

export interface HttpReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Talks to the gateway as a user would: JSON over HTTP with an API key. Every response it gets
 * (through `request` or `fetch`) is shown to its observer, e.g. an OpenApiConformance check.
 */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
    public observer?: ResponseObserver,
  ) {}

  /** A raw request, `path` from the server's root; the response is observed, then returned. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, init);
    this.observer?.({
      method: init.method ?? 'GET',
      path,
      status: response.status,
      headers: response.headers,
      body: await response.clone().text(),
    });
    return response;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpReply<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'x-api-key': this.apiKey, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    this.observer?.({
      method,
      path: `/api/v1${path}`,
      status: response.status,
      headers: response.headers,
      body: text,
    });
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  }

  async runUntil(runId: string, statuses: string[], timeoutMs = 60_000): Promise<Record<string, unknown>> {
    return eventually(
      async () => {
        const reply = await this.request('GET', `/runs/${runId}`);
        return statuses.includes(String(reply.body.status)) ? reply.body : undefined;
      },
      `run ${runId} to reach ${statuses.join('|')}`,
      timeoutMs,
      150,
    );
  }
}

export interface TestFleet {
  fleet: Fleet;
  gateway: GatewayClient;
  apiKey: string;
  /** Each app's own broker login: a test that publishes as an app connects with its URL. */
  broker: BrokerLogins;
}

export async function startTestFleet(
  t: TestEnv,
  perApp: Record<string, Record<string, string>> = {},
): Promise<TestFleet> {
  await migrateFleet(t.config, () => undefined);
  const broker = await provisionBroker(t.config, {});
  const ports: Record<string, number> = {};
  for (const app of FLEET_APPS) ports[app.name] = await freePort();
  const apiKey = `ens_test_${randomBytes(12).toString('hex')}`;
  const fleet = new Fleet({
    env: { ...t.env, GATEWAY_BOOTSTRAP_API_KEY: apiKey, JWT_SECRET: randomBytes(24).toString('hex') },
    logDir: join('/tmp', 'ensemble-tests', t.id),
    ports,
    perApp: Object.fromEntries(
      Object.entries(brokerEnv(broker)).map(([app, env]) => [app, { ...env, ...perApp[app] }]),
    ),
  });
  await fleet.startAll(90_000);
  return { fleet, gateway: new GatewayClient(fleet.url('gateway'), apiKey), apiKey, broker };
}

export function example<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'examples', name), 'utf8')) as T;
}
