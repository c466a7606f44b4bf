import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import type { MetricsService } from '@ensemble/observability';

/** Up to the RPC timeout (5 s) and past it. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `ensemble_http_request_duration_seconds` by method, route template (`/api/v1/runs/:id`, never
 * the id itself; `unmatched` when no route matched) and status, as Fastify measured the response.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const duration = new Histogram({
    name: 'ensemble_http_request_duration_seconds',
    help: 'HTTP requests answered by the gateway, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers: [metrics.registry],
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
