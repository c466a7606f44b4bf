import type { AgentCredentials } from '@ensemble/contracts';
import { amqpUrlFor } from '../../tools/fleet/provision-broker';
import type { TestEnv } from './test-env';
import type { GatewayClient } from './test-fleet';

/** Creates an agent principal through the gateway, as a tenant admin would; fails the test if refused. */
export async function declareAgent(
  gateway: GatewayClient,
  name: string,
  capabilities: string[],
): Promise<AgentCredentials> {
  const reply = await gateway.request<AgentCredentials>('POST', '/agents', { name, capabilities });
  if (reply.status !== 201)
    throw new Error(`POST /agents answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The AMQP URL an agent connects with, from the credentials the gateway handed out. */
export function agentUrl(t: TestEnv, credentials: AgentCredentials): string {
  const { username, password, vhost } = credentials.broker;
  return amqpUrlFor(t.config.AMQP_URL, username, password, vhost);
}
