import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemFilter } from '../problems/problem.filter';
import { setupOpenApi } from './openapi';
import { API_PREFIX } from './request-info';
import { requestPipes } from './validation';

/** Datasets arrive inline (JSON records or CSV text), so bodies may be larger than express's 100 kB. */
const JSON_BODY_LIMIT = '16mb';

export function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalPipes(...requestPipes());
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
}
