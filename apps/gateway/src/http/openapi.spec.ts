import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOfflineDocument } from './offline-document';
import { DOCS_PATH, finishDocument, OPENAPI_JSON_PATH } from './openapi';

/**
 * Records every (method, path) Fastify serves, as OpenAPI writes it, but the docs' own routes and
 * the HEAD routes Fastify adds for each GET.
 */
function recordRoutes(app: NestFastifyApplication): string[] {
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', ({ method, url }) => {
      for (const m of [method].flat()) routes.push(`${m.toUpperCase()} ${toOpenApiPath(url)}`);
    });
  return routes;
}

function servedRoutes(routes: string[]): string[] {
  return routes.filter(
    (route) =>
      !route.startsWith('HEAD ') &&
      !route.includes(`/${DOCS_PATH}`) &&
      !route.endsWith(`/${OPENAPI_JSON_PATH}`),
  );
}

function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function documentedRoutes(document: OpenAPIObject): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']
      .filter((method) => method in item)
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('OpenAPI document', () => {
  let document: OpenAPIObject;
  let routes: string[] = [];

  beforeAll(async () => {
    const built = await buildOfflineDocument((app) => {
      routes = recordRoutes(app);
    });
    await built.close();
    document = built.document;
  });

  it('documents exactly the routes the app serves', () => {
    const registered = servedRoutes(routes);

    expect(registered).toContain('POST /api/v1/workflows/{name}/execute');
    expect(registered).toContain('GET /health/ready');
    expect(documentedRoutes(document).sort()).toEqual([...new Set(registered)].sort());
  });

  it('offers both security schemes on every API operation', () => {
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(['api-key', 'bearer']);
    for (const [path, item] of Object.entries(document.paths).filter(([p]) => p.startsWith('/api/v1/'))) {
      for (const operation of [item.get, item.post, item.delete].filter((o) => o !== undefined)) {
        const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
        expect({ path, schemes: schemes.sort() }).toEqual({ path, schemes: ['api-key', 'bearer'] });
      }
    }
  });

  it('declares every status the API answers with, each error as a Problem in application/problem+json', () => {
    const always = ['400', '401', '403', '413', '415', '429', '500'];
    const upstream = ['404', '503', '504'];
    for (const [path, item] of apiOperations(document)) {
      const declared = Object.keys(item.operation.responses);
      expect({ path, missing: always.filter((s) => !declared.includes(s)) }).toEqual({ path, missing: [] });
      if (!path.startsWith('/api/v1/auth') && !path.startsWith('/api/v1/api-keys'))
        expect({ path, missing: upstream.filter((s) => !declared.includes(s)) }).toEqual({
          path,
          missing: [],
        });
      for (const status of declared.filter((s) => Number(s) >= 400)) {
        expect({ path, status, content: responseOf(item.operation, status)?.content }).toEqual({
          path,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
    for (const control of ['cancel', 'pause', 'resume', 'retry']) {
      const operation = pathItem(document, `/api/v1/runs/{id}/${control}`).post;
      expect(Object.keys(operation?.responses ?? {})).toContain('409');
      expect(operation?.requestBody).toMatchObject({ required: false });
    }
  });

  it('declares one optional Idempotency-Key and an optional body on execute, and the headers every response carries', () => {
    const execute = pathItem(document, '/api/v1/workflows/{name}/execute').post;
    const headers = (execute?.parameters ?? []).filter((p) => 'in' in p && p.in === 'header');

    expect(headers).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
    expect(execute?.requestBody).toMatchObject({ required: false });
    expect(Object.keys(responseOf(execute, '202')?.headers ?? {}).sort()).toEqual([
      'Location',
      'RateLimit-Remaining',
      'x-correlation-id',
    ]);
    expect(responseOf(execute, '429')?.headers).toHaveProperty('Retry-After');
  });

  it('is OAS 3.1 with servers, described tags, and no schema that generates as Record<string, never>', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers?.length).toBeGreaterThan(0);
    const tagged = new Set(apiOperations(document).flatMap(([, { operation }]) => operation.tags ?? []));
    const described = new Map((document.tags ?? []).map((t) => [t.name, t.description]));
    expect([...tagged].filter((tag) => !described.get(tag))).toEqual([]);
    const text = JSON.stringify(document);
    expect(text).not.toContain('"nullable"');
    expect(bareObjects(document)).toEqual([]);
  });

  it('shows the body schemas of @ensemble/contracts for the bodies the gateway validates with them', () => {
    const bodyOf = (path: string): unknown =>
      (document.paths[path].post?.requestBody as { content: Record<string, { schema: unknown }> }).content[
        'application/json'
      ].schema;

    expect(bodyOf('/api/v1/workflows')).toEqual({ $ref: '#/components/schemas/WorkflowDefinition' });
    expect(bodyOf('/api/v1/rule-sets')).toEqual({ $ref: '#/components/schemas/CreateRuleSet' });
    expect(bodyOf('/api/v1/decision-tables')).toEqual({ $ref: '#/components/schemas/CreateDecisionTable' });
    expect(bodyOf('/api/v1/datasets')).toEqual({ $ref: '#/components/schemas/CreateDataset' });
    const schemas = document.components?.schemas ?? {};
    expect(schemas.WorkflowDefinition).toMatchObject({
      required: ['name', 'steps'],
      properties: { steps: { maxItems: 200 } },
    });
    for (const [view, field, body] of [
      ['WorkflowViewDto', 'definition', 'WorkflowDefinition'],
      ['RuleSetDto', 'body', 'RuleSetBody'],
      ['DecisionTableDto', 'body', 'DecisionTable'],
    ])
      expect((schemas[view] as { properties: Record<string, unknown> }).properties[field]).toEqual({
        allOf: [{ $ref: `#/components/schemas/${body}` }],
      });
    expect(JSON.stringify(document.paths['/api/v1/rule-sets/{name}'].get?.responses)).toContain(
      '#/components/schemas/RuleSetDto',
    );
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(schemas).toHaveProperty([ref.split('/').at(-1) ?? '']);
  });
});

describe('finishDocument', () => {
  const schemaOf = (property: Record<string, unknown>): unknown => {
    const finished = finishDocument({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { S: { type: 'object', properties: { p: property } } } },
    });
    return (finished.components?.schemas?.S as { properties: Record<string, unknown> }).properties.p;
  };

  it('turns nullable into a null type, and a nullable reference into one of it or null', () => {
    expect(schemaOf({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(schemaOf({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(schemaOf({ type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/E' }] })).toEqual(
      {
        oneOf: [{ $ref: '#/components/schemas/E' }, { type: 'null' }],
      },
    );
    expect(schemaOf({ oneOf: [{ type: 'string' }], nullable: true })).toEqual({
      oneOf: [{ type: 'string' }, { type: 'null' }],
    });
  });

  it('lets an object without properties have any', () => {
    expect(schemaOf({ type: 'object' })).toEqual({ type: 'object', additionalProperties: true });
    expect(schemaOf({ type: 'object', properties: {} })).toEqual({ type: 'object', properties: {} });
  });
});

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<Operation['responses'][string], { $ref: string }>;

function pathItem(document: OpenAPIObject, path: string): OpenAPIObject['paths'][string] {
  const item = document.paths[path] as OpenAPIObject['paths'][string] | undefined;
  if (!item) throw new Error(`${path} is not documented`);
  return item;
}

function responseOf(operation: Operation | undefined, status: string): ResponseObject | undefined {
  const response = operation?.responses[status];
  return response === undefined || '$ref' in response ? undefined : response;
}

function apiOperations(document: OpenAPIObject): [string, { method: string; operation: Operation }][] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      (['get', 'post', 'delete'] as const)
        .map((method) => ({ method, operation: item[method] }))
        .filter(
          (o): o is { method: 'get' | 'post' | 'delete'; operation: Operation } => o.operation !== undefined,
        )
        .map((o): [string, { method: string; operation: Operation }] => [path, o]),
    );
}

/** Every `{type: object}` that says nothing about its properties. */
function bareObjects(node: unknown, at = '#'): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === 'object' && !('properties' in record) && !('additionalProperties' in record) ? [at] : [];
  return [...own, ...Object.entries(record).flatMap(([key, child]) => bareObjects(child, `${at}/${key}`))];
}
