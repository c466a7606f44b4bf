/** Permissions of one user on one vhost: regexes over exchange and queue names. */
export interface Permissions {
  configure: string;
  write: string;
  read: string;
}

export class BrokerAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerAdminError';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * RabbitMQ's management HTTP API, for what AMQP cannot do: vhosts, users, permissions and
 * closing a revoked user's connections. Every call is idempotent.
 */
export class BrokerAdmin {
  private readonly base: string;
  private readonly authorization: string;

  constructor(adminUrl: string) {
    const url = new URL(adminUrl);
    this.authorization = `Basic ${Buffer.from(
      `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
    ).toString('base64')}`;
    url.username = '';
    url.password = '';
    this.base = `${url.origin}${url.pathname.replace(/\/$/, '')}/api`;
  }

  async ensureVhost(vhost: string): Promise<void> {
    await this.call('PUT', `/vhosts/${enc(vhost)}`, { description: 'Ensemble', tracing: false });
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.call('DELETE', `/vhosts/${enc(vhost)}`, undefined, [404]);
  }

  async putUser(user: string, password: string): Promise<void> {
    await this.call('PUT', `/users/${enc(user)}`, { password, tags: '' });
  }

  async deleteUser(user: string): Promise<void> {
    await this.call('DELETE', `/users/${enc(user)}`, undefined, [404]);
  }

  async setPermissions(vhost: string, user: string, permissions: Permissions): Promise<void> {
    await this.call('PUT', `/permissions/${enc(vhost)}/${enc(user)}`, permissions);
  }

  async clearPermissions(vhost: string, user: string): Promise<void> {
    await this.call('DELETE', `/permissions/${enc(vhost)}/${enc(user)}`, undefined, [404]);
  }

  async users(): Promise<string[]> {
    const body = (await this.call('GET', '/users?columns=name')) as { name: string }[];
    return body.map((u) => u.name);
  }

  /** Closes every open connection of `user` (deleting a user does not close them on every version). */
  async closeConnectionsOf(user: string): Promise<number> {
    const connections = (await this.call('GET', '/connections?columns=name,user')) as {
      name: string;
      user: string;
    }[];
    const mine = connections.filter((c) => c.user === user);
    for (const c of mine) await this.call('DELETE', `/connections/${enc(c.name)}`, undefined, [404]);
    return mine.length;
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    tolerated: number[] = [],
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BrokerAdminError(
        0,
        `broker management API unreachable at ${this.base}: ${(error as Error).message}`,
      );
    }
    if (tolerated.includes(response.status)) return null;
    if (!response.ok)
      throw new BrokerAdminError(
        response.status,
        `${method} ${path} failed: ${response.status} ${(await response.text()).slice(0, 300)}`,
      );
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : null;
  }
}

function enc(part: string): string {
  return encodeURIComponent(part);
}
