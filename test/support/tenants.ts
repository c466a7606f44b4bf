import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { GatewayClient } from './test-fleet';

/**
 * An API key of another tenant, written straight into the gateway's table (tenants are created by
 * operators, not through the public API): the way a test gets "another tenant's admin".
 */
export async function tenantClient(
  db: Client,
  baseUrl: string,
  tenantId: string,
  role: string,
): Promise<GatewayClient> {
  const key = `ens_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `INSERT INTO gateway.api_keys (id, tenant_id, name, role, key_hash, prefix) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      randomUUID(),
      tenantId,
      `${tenantId}-${role}`,
      role,
      createHash('sha256').update(key).digest('hex'),
      key.slice(0, 8),
    ],
  );
  return new GatewayClient(baseUrl, key);
}
