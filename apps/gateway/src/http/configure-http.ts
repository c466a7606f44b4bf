import { Logger, RequestMethod } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@ensemble/contracts';
import { MetricsService } from '@ensemble/observability';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { AuditHook } from '../audit/audit.hook';
import { GatewayConfig } from '../gateway.config';
import { ProblemFilter, sendProblem } from '../problems/problem.filter';
import { declaredTooLarge } from './body-limits';
import { installHttpMetrics } from './http-metrics';
import { setupOpenApi } from './openapi';
import { API_PREFIX } from './request-info';
import { requestPipes } from './validation';

/** Logs what the hooks outside Nest's filters answer unexpectedly. */
const logger = new Logger('Http');

/**
 * Helmet's defaults, except upgrade-insecure-requests: the gateway is often reached over plain
 * HTTP (locally, or behind a TLS proxy), where it would break Swagger UI's own assets.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

export function configureHttp(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  installHttpMetrics(fastify, app.get(MetricsService));
  // Built once: @fastify/helmet rebuilt helmet's middlewares (and re-parsed the CSP) per request.
  const securityHeaders = helmet(SECURITY_HEADERS);
  fastify.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (error) => {
      done(error instanceof Error ? error : undefined);
    });
  });
  // No body is read before the caller is authenticated: every content type is left unread here
  // and JsonBodyGuard reads JSON within the route's limit afterwards.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_req, _payload, done) => {
    done(null, undefined);
  });
  const limits = app.get(GatewayConfig).bodyLimits();
  const audit = app.get(AuditHook);
  fastify.addHook('onRequest', (req, reply, done) => {
    const tooLarge = declaredTooLarge(req.raw, limits);
    if (tooLarge) {
      sendProblem(req, reply, tooLarge, logger);
      return;
    }
    audit.observe(req, reply);
    done();
  });
  app.useGlobalPipes(...requestPipes());
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
}

/**
 * Errors Fastify's router raises before any route, hook or filter runs (a path parameter over
 * 1,024 characters, a URL that does not decode) become problem documents like every other
 * error, instead of Fastify's own JSON.
 */
export function routerErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path segment is longer than 1024 characters'
      : 'the URL is malformed';
  const problem = new DomainError('VALIDATION_FAILED', message, [{ path: 'path', message }]);
  sendProblem(req, reply, problem, logger);
}
