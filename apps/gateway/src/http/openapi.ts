import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { CORRELATION_HEADER } from '@ensemble/observability';
import { API_KEY_SCHEME, BEARER_SCHEME } from './api-controller.decorator';
import { withBodySchemas } from './schema-body';
import { API_PREFIX } from './request-info';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const OPENAPI_VERSION = '3.1.0';

const DESCRIPTION = [
  'Durable multi-agent workflows: define a workflow (a DAG of steps), execute it, follow its run.',
  '',
  'Authenticate with an API key in `x-api-key` (or `Authorization: Bearer <key>`), or with a',
  '15-minute token from `POST /api/v1/auth/token`. Every error is RFC 9457',
  '`application/problem+json` (the `Problem` schema) with a `correlationId`, also sent as the',
  '`x-correlation-id` header of every response. Lists return `{items, nextCursor}`: pass',
  '`nextCursor` back as `?cursor=` for the next page; a cursor is opaque.',
].join('\n');

const TAGS = [
  { name: 'auth', description: 'Who the caller is, and bearer tokens from an API key' },
  { name: 'api-keys', description: "The tenant's API keys (admins)" },
  { name: 'workflows', description: 'Workflow definitions (immutable versions per name) and starting runs' },
  {
    name: 'runs',
    description: 'Runs: status, steps, history, and the controls cancel, pause, resume, retry',
  },
  { name: 'agents', description: 'Registered agents, and agent principals for your own agents' },
  { name: 'rule-sets', description: 'Versioned JSON rule sets used by the validation agent' },
  { name: 'decision-tables', description: 'Versioned DMN-style decision tables used by the decision agent' },
  { name: 'datasets', description: 'Datasets (JSON or CSV) used by the data agent' },
  { name: 'transformations', description: 'Named JSONata transformations used by the data agent' },
  { name: 'Health', description: 'Liveness and readiness probes (no authentication)' },
  { name: 'Metrics', description: 'Prometheus metrics (no authentication)' },
];

type Json = Record<string, unknown>;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ensemble API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer('http://127.0.0.1:3000', 'A fleet started with npm start')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, API_KEY_SCHEME)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key, or a token from POST /api/v1/auth/token' },
      BEARER_SCHEME,
    )
    .build();
  return finishDocument(withBodySchemas(SwaggerModule.createDocument(app, config)));
}

/**
 * What @nestjs/swagger cannot say through decorators, applied to the document it generates
 * (ADR 0014): the document becomes OAS 3.1 (its schemas are JSON Schema 2020-12,
 * so `null` is a type and ajv validates responses with them as they are), every object without
 * properties accepts any, tags carry descriptions, and every API response declares the headers
 * the gateway sends on all of them.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  // A JSON copy, not structuredClone: @nestjs/swagger shares schema objects between inherited
  // properties, and each must be rewritten once.
  const finished = JSON.parse(JSON.stringify(document)) as OpenAPIObject & Json;
  finished.openapi = OPENAPI_VERSION;
  finished.tags = TAGS;
  finished.components = {
    ...finished.components,
    headers: { ...finished.components?.headers, ...COMMON_HEADERS },
  };
  for (const schema of Object.values(finished.components.schemas ?? {})) rewriteSchemas(schema);
  for (const [path, item] of Object.entries(finished.paths)) {
    for (const operation of Object.values(item as Json)) {
      if (typeof operation !== 'object' || operation === null) continue;
      rewriteSchemas(operation);
      const op = operation as Json;
      op.description ??= op.summary;
      if (path.startsWith(`/${API_PREFIX}/`)) addCommonHeaders(op);
    }
  }
  return finished;
}

const COMMON_HEADERS: Record<string, Json> = {
  CorrelationId: {
    description: 'The request id: the one sent in x-correlation-id, or a new one; in every log line',
    schema: { type: 'string' },
  },
  RateLimitRemaining: {
    description: "Requests left in the API key's bucket (sent once the key is authenticated)",
    schema: { type: 'integer', minimum: 0 },
  },
};

function addCommonHeaders(operation: Json): void {
  for (const response of Object.values((operation.responses ?? {}) as Record<string, Json>)) {
    response.headers = {
      [CORRELATION_HEADER]: { $ref: '#/components/headers/CorrelationId' },
      'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
      ...(response.headers as Json | undefined),
    };
  }
}

/** Rewrites, in place, every schema under `node` from OAS 3.0 keywords to OAS 3.1 (JSON Schema). */
function rewriteSchemas(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteSchemas(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  for (const child of Object.values(schema)) rewriteSchemas(child);
  if (schema.nullable === true) makeNullable(schema);
  delete schema.nullable;
  if (isBareObject(schema)) schema.additionalProperties = true;
}

function makeNullable(schema: Json): void {
  const allOf = schema.allOf as Json[] | undefined;
  if (allOf?.length === 1) {
    // `nullable` beside allOf never let null through (OAS 3.0.3): one of the type, or null.
    delete schema.allOf;
    delete schema.type;
    schema.oneOf = [allOf[0], { type: 'null' }];
    return;
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (alternatives) {
    delete schema.type;
    if (!alternatives.some((a) => a.type === 'null')) alternatives.push({ type: 'null' });
    return;
  }
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum)) schema.enum = [...(schema.enum as unknown[]), null];
}

function isBareObject(schema: Json): boolean {
  return (
    schema.type === 'object' &&
    !('properties' in schema) &&
    !('additionalProperties' in schema) &&
    !('allOf' in schema) &&
    !('oneOf' in schema) &&
    !('anyOf' in schema) &&
    !('$ref' in schema)
  );
}

/** Swagger UI at /api/docs and the document at /api/openapi.json, built once on first use. */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
