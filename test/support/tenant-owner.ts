import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import type { AgentCredentials } from '@ensemble/contracts';
import { amqpUrlFor } from '../../tools/fleet/provision-broker';
import { hashApiKey, displayPrefixOf } from '../../apps/gateway/src/api-keys/api-key-secret';
import { adminDb } from './db';
import type { TestEnv } from './test-env';
import { GatewayClient } from './test-fleet';
import { waitsForNobody } from './workflows';

export type Role = 'admin' | 'operator' | 'viewer';

/** Adds an API key straight to the gateway's table: the only way to get a second tenant's admin. */
export async function insertApiKey(t: TestEnv, tenantId: string, role: Role): Promise<string> {
  const key = `ens_${randomBytes(24).toString('base64url')}`;
  const db = await adminDb(t);
  try {
    await db.query(
      `INSERT INTO gateway.api_keys (id, tenant_id, name, role, key_hash, prefix)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`,
      [tenantId, `${role}-${tenantId}`, role, hashApiKey(key), displayPrefixOf(key)],
    );
  } finally {
    await db.end();
  }
  return key;
}

export const ruleSetBody = { rules: [{ id: 'positive', all: [{ path: 'amount', op: 'gt', value: 0 }] }] };
export const decisionTableBody = {
  hitPolicy: 'UNIQUE',
  inputs: [{ expression: 'amount' }],
  outputs: [{ name: 'approval' }],
  rules: [{ inputEntries: ['> 0'], outputEntries: ['"auto"'] }],
};

/**
 * Resources of the owning tenant, created through the API with its admin key. Every name carries
 * `marker`, so a response that leaks one to another tenant is easy to spot.
 */
export class TenantOwner {
  readonly marker = `owned-${randomBytes(4).toString('hex')}`;
  private counter = 0;

  constructor(
    readonly admin: GatewayClient,
    private readonly amqpUrl: string,
  ) {}

  unique(kind: string): string {
    this.counter += 1;
    return `${this.marker}-${kind}-${this.counter}`;
  }

  async key(role: Role): Promise<{ id: string; key: string }> {
    const created = await this.must('POST', '/api-keys', { name: this.unique(role), role }, 201);
    return { id: String(created.id), key: String(created.key) };
  }

  async workflow(): Promise<string> {
    const name = this.unique('wf');
    await this.must('POST', '/workflows', waitsForNobody(name, 600_000), 201);
    return name;
  }

  async run(): Promise<string> {
    const started = await this.must(
      'POST',
      `/workflows/${await this.workflow()}/execute`,
      { input: {} },
      202,
    );
    return String(started.runId);
  }

  async pausedRun(): Promise<string> {
    const runId = await this.run();
    await this.must('POST', `/runs/${runId}/pause`, {}, 200);
    return runId;
  }

  async failedRun(): Promise<string> {
    const name = this.unique('fails');
    const steps = [
      { id: 'bad', capability: 'data', action: 'transform', params: { expression: '$nosuch(' } },
    ];
    await this.must('POST', '/workflows', { name, steps }, 201);
    const started = await this.must('POST', `/workflows/${name}/execute`, { input: {} }, 202);
    const runId = String(started.runId);
    await this.admin.runUntil(runId, ['failed'], 30_000);
    return runId;
  }

  async runStatus(runId: string): Promise<string> {
    return String((await this.must('GET', `/runs/${runId}`, undefined, 200)).status);
  }

  async versioned(resource: 'rule-sets' | 'decision-tables', activate: boolean): Promise<string> {
    const name = this.unique(resource);
    const body = resource === 'rule-sets' ? ruleSetBody : decisionTableBody;
    await this.must('POST', `/${resource}`, { name, body, activate }, 201);
    return name;
  }

  async versionStatus(resource: 'rule-sets' | 'decision-tables', name: string): Promise<string> {
    return String((await this.must('GET', `/${resource}/${name}`, undefined, 200)).status);
  }

  /** An agent principal of the owning tenant, with the broker login it was handed. */
  async agent(): Promise<AgentCredentials> {
    const name = this.unique('agent');
    return (await this.must(
      'POST',
      '/agents',
      { name, capabilities: [`cap-${name}`] },
      201,
    )) as unknown as AgentCredentials;
  }

  /** True while the agent's broker login still works (a refused revoke must leave it alone). */
  async agentCanConnect(agent: AgentCredentials): Promise<boolean> {
    const url = amqpUrlFor(this.amqpUrl, agent.broker.username, agent.broker.password, agent.broker.vhost);
    try {
      const connection = await amqp.connect(url);
      await connection.close();
      return true;
    } catch {
      return false;
    }
  }

  async dataset(): Promise<string> {
    const body = { name: this.unique('ds'), format: 'json', records: [{ a: 1 }] };
    return String((await this.must('POST', '/datasets', body, 201)).id);
  }

  /** A body creating a new resource, named without the marker: the caller may be another tenant. */
  createBody(resource: string): object {
    this.counter += 1;
    const name = `cell-${randomBytes(3).toString('hex')}-${this.counter}`;
    switch (resource) {
      case 'workflows':
        return waitsForNobody(name, 600_000);
      case 'rule-sets':
        return { name, body: ruleSetBody };
      case 'decision-tables':
        return { name, body: decisionTableBody };
      case 'datasets':
        return { name, format: 'json', records: [{ a: 1 }] };
      case 'transformations':
        return { name, expression: '$uppercase(name)' };
      case 'api-keys':
        return { name, role: 'viewer' };
      case 'agents':
        return { name, capabilities: [`cap-${name}`] };
      default:
        throw new Error(`no create body for ${resource}`);
    }
  }

  private async must(
    method: string,
    path: string,
    body: unknown,
    status: number,
  ): Promise<Record<string, unknown>> {
    const reply = await this.admin.request(method, path, body);
    if (reply.status !== status)
      throw new Error(
        `${method} ${path} answered ${reply.status}, not ${status}: ${JSON.stringify(reply.body)}`,
      );
    return reply.body;
  }
}
