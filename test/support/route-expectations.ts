import type { TenantOwner } from './tenant-owner';

/**
 * THE authorization matrix: one row per route of the gateway's OpenAPI document, keyed as
 * `METHOD /path` exactly as the document writes it. test/large/authorization.test.ts fails when a
 * documented route has no row here, so a new route must say who may call it.
 */
export const CALLERS = ['anonymous', 'otherTenantAdmin', 'viewer', 'operator', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

export interface PreparedRequest {
  /** Relative to /api/v1. */
  path: string;
  body?: unknown;
  /** For a refused call: asserts the owning tenant's resource did not change. */
  unchanged?: () => Promise<void>;
}

export interface RouteRow {
  expected: Record<Caller, number>;
  /** Served outside /api/v1 (probes and metrics): `path` is from the server's root. */
  outsideApi?: boolean;
  /** Creates what the call needs in the owning tenant (a fresh resource for each cell). */
  prepare: (owner: TenantOwner) => Promise<PreparedRequest>;
}

const statuses = (
  anonymous: number,
  otherTenantAdmin: number,
  viewer: number,
  operator: number,
  admin: number,
) => ({
  anonymous,
  otherTenantAdmin,
  viewer,
  operator,
  admin,
});

/** Every authenticated caller reads its own tenant's collection. */
const everyoneReads = statuses(401, 200, 200, 200, 200);
/** The owning tenant's resource: another tenant gets 404, never 403 (which would confirm it exists). */
const ownedRead = statuses(401, 404, 200, 200, 200);
const operatorsCreate = statuses(401, 201, 403, 201, 201);
const operatorsChangeOwned = statuses(401, 404, 403, 200, 200);

const path =
  (p: string): (() => Promise<PreparedRequest>) =>
  () =>
    Promise.resolve({ path: p });
const create = (resource: string) => (owner: TenantOwner) =>
  Promise.resolve({ path: `/${resource}`, body: owner.createBody(resource) });

const runControl = (action: string, ready: (o: TenantOwner) => Promise<string>, status: string) => ({
  expected: operatorsChangeOwned,
  prepare: async (owner: TenantOwner): Promise<PreparedRequest> => {
    const runId = await ready(owner);
    return {
      path: `/runs/${runId}/${action}`,
      body: {},
      unchanged: async () => {
        expect(await owner.runStatus(runId)).toBe(status);
      },
    };
  },
});

const versionChange = (resource: 'rule-sets' | 'decision-tables', action: 'activate' | 'archive') => ({
  expected: operatorsChangeOwned,
  prepare: async (owner: TenantOwner): Promise<PreparedRequest> => {
    const name = await owner.versioned(resource, action === 'archive');
    const before = action === 'archive' ? 'active' : 'draft';
    return {
      path: `/${resource}/${name}/versions/1/${action}`,
      unchanged: async () => {
        expect(await owner.versionStatus(resource, name)).toBe(before);
      },
    };
  },
});

const versionedRows = (resource: 'rule-sets' | 'decision-tables'): Record<string, RouteRow> => ({
  [`POST /api/v1/${resource}`]: { expected: operatorsCreate, prepare: create(resource) },
  [`GET /api/v1/${resource}`]: { expected: everyoneReads, prepare: path(`/${resource}`) },
  [`GET /api/v1/${resource}/{name}`]: {
    expected: ownedRead,
    prepare: async (owner) => ({ path: `/${resource}/${await owner.versioned(resource, true)}` }),
  },
  [`POST /api/v1/${resource}/{name}/versions/{version}/activate`]: versionChange(resource, 'activate'),
  [`POST /api/v1/${resource}/{name}/versions/{version}/archive`]: versionChange(resource, 'archive'),
});

/** Probes and metrics answer anyone: orchestrators and scrapers carry no API key. */
const open = (p: string): RouteRow => ({
  expected: statuses(200, 200, 200, 200, 200),
  outsideApi: true,
  prepare: path(p),
});

export const ROUTE_EXPECTATIONS: Record<string, RouteRow> = {
  'GET /health/live': open('/health/live'),
  'GET /health/ready': open('/health/ready'),
  'GET /metrics': open('/metrics'),

  'POST /api/v1/auth/token': { expected: statuses(401, 200, 200, 200, 200), prepare: path('/auth/token') },
  'GET /api/v1/auth/me': { expected: everyoneReads, prepare: path('/auth/me') },

  'POST /api/v1/api-keys': { expected: statuses(401, 201, 403, 403, 201), prepare: create('api-keys') },
  'GET /api/v1/api-keys': { expected: statuses(401, 200, 403, 403, 200), prepare: path('/api-keys') },
  'DELETE /api/v1/api-keys/{id}': {
    expected: statuses(401, 404, 403, 403, 204),
    prepare: async (owner) => {
      const { id, key } = await owner.key('viewer');
      return {
        path: `/api-keys/${id}`,
        unchanged: async () => {
          expect((await owner.admin.request('GET', '/auth/me', undefined, { 'x-api-key': key })).status).toBe(
            200,
          );
        },
      };
    },
  },

  'POST /api/v1/workflows': { expected: operatorsCreate, prepare: create('workflows') },
  'GET /api/v1/workflows': { expected: everyoneReads, prepare: path('/workflows') },
  'GET /api/v1/workflows/{name}': {
    expected: ownedRead,
    prepare: async (owner) => ({ path: `/workflows/${await owner.workflow()}` }),
  },
  'POST /api/v1/workflows/{name}/execute': {
    expected: statuses(401, 404, 403, 202, 202),
    prepare: async (owner) => ({ path: `/workflows/${await owner.workflow()}/execute`, body: { input: {} } }),
  },

  'GET /api/v1/runs': { expected: everyoneReads, prepare: path('/runs') },
  'GET /api/v1/runs/{id}': {
    expected: ownedRead,
    prepare: async (owner) => ({ path: `/runs/${await owner.run()}` }),
  },
  'GET /api/v1/runs/{id}/history': {
    expected: ownedRead,
    prepare: async (owner) => ({ path: `/runs/${await owner.run()}/history` }),
  },
  'POST /api/v1/runs/{id}/cancel': runControl('cancel', (o) => o.run(), 'running'),
  'POST /api/v1/runs/{id}/pause': runControl('pause', (o) => o.run(), 'running'),
  'POST /api/v1/runs/{id}/resume': runControl('resume', (o) => o.pausedRun(), 'paused'),
  'POST /api/v1/runs/{id}/retry': runControl('retry', (o) => o.failedRun(), 'failed'),

  'GET /api/v1/agents': { expected: everyoneReads, prepare: path('/agents') },
  'POST /api/v1/agents': { expected: statuses(401, 201, 403, 403, 201), prepare: create('agents') },
  'DELETE /api/v1/agents/{id}': {
    expected: statuses(401, 404, 403, 403, 204),
    prepare: async (owner) => {
      const agent = await owner.agent();
      return {
        path: `/agents/${agent.id}`,
        unchanged: async () => {
          expect(await owner.agentCanConnect(agent)).toBe(true);
        },
      };
    },
  },

  ...versionedRows('rule-sets'),
  ...versionedRows('decision-tables'),

  'POST /api/v1/datasets': { expected: operatorsCreate, prepare: create('datasets') },
  'GET /api/v1/datasets': { expected: everyoneReads, prepare: path('/datasets') },
  'GET /api/v1/datasets/{id}': {
    expected: ownedRead,
    prepare: async (owner) => ({ path: `/datasets/${await owner.dataset()}` }),
  },

  'POST /api/v1/transformations': { expected: operatorsCreate, prepare: create('transformations') },
  'GET /api/v1/transformations': { expected: everyoneReads, prepare: path('/transformations') },
};
