import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME } from './api-controller.decorator';
import { withBodySchemas } from './schema-body';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/openapi.json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ensemble API')
    .setDescription(
      'Durable multi-agent workflows. Errors are RFC 9457 application/problem+json with a correlationId.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, API_KEY_SCHEME)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key, or a token from POST /api/v1/auth/token' },
      BEARER_SCHEME,
    )
    .build();
  return withBodySchemas(SwaggerModule.createDocument(app, config));
}

/** Swagger UI at /api/docs and the document at /api/openapi.json, built once on first use. */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
