import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadConfig } from '@ensemble/config';
import { httpAdapter, RpcClient } from '@ensemble/messaging';
import { HealthModule, MetricsModule } from '@ensemble/observability';
import { ApiModule } from '../api.module';
import { GatewayConfig } from '../gateway.config';
import { configureHttp } from './configure-http';
import { buildOpenApiDocument, DOCS_PATH, OPENAPI_JSON_PATH } from './openapi';

/** Stands in for the database and broker, which building the document never touches. */
@Global()
@Module({
  providers: [
    { provide: RpcClient, useValue: {} },
    { provide: DataSource, useValue: {} },
  ],
  exports: [RpcClient, DataSource],
})
class OfflineInfrastructureModule {}

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
  let app: NestFastifyApplication;
  let document: OpenAPIObject;
  let routes: string[];

  beforeAll(async () => {
    const config = loadConfig(GatewayConfig, { JWT_SECRET: 'a-test-secret-of-32-characters!!' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        OfflineInfrastructureModule,
        MetricsModule,
        HealthModule.register([]),
        ApiModule.register(config),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(), { logger: false });
    routes = recordRoutes(app);
    configureHttp(app);
    await app.init();
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
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

  it('describes error responses as problem documents', () => {
    const unauthorized = document.paths['/api/v1/agents'].get?.responses['401'] as {
      content?: Record<string, { schema?: { $ref?: string } }>;
    };

    expect(JSON.stringify(unauthorized.content)).toContain('#/components/schemas/ProblemDto');
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
