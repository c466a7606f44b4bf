import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { GatewayConfig } from '../gateway.config';
import { ProblemFilter } from '../problems/problem.filter';
import { bodySizeGates } from './body-limits';
import { setupOpenApi } from './openapi';
import { API_PREFIX } from './request-info';
import { requestPipes } from './validation';

/**
 * Helmet's defaults, except upgrade-insecure-requests: the gateway is often reached over plain
 * HTTP (locally, or behind a TLS proxy), where it would break Swagger UI's own assets.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

export function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.use(helmet(SECURITY_HEADERS));
  for (const gate of bodySizeGates(app.get(GatewayConfig).bodyLimits())) express.use(gate);
  app.useGlobalPipes(...requestPipes());
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
}
