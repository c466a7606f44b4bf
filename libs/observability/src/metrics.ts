import { Controller, Get, Global, Header, Injectable, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process; libraries and apps add their instruments to it. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly messagesConsumed = new Counter({
    name: 'ensemble_messages_consumed_total',
    help: 'Messages handled by this process, by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });

  readonly messagesPublished = new Counter({
    name: 'ensemble_messages_published_total',
    help: 'Messages published with a broker confirm',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly handlerSeconds = new Histogram({
    name: 'ensemble_handler_seconds',
    help: 'Time to handle one message, commit included',
    labelNames: ['type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics of this app' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The Prometheus text format', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({ providers: [MetricsService], controllers: [MetricsController], exports: [MetricsService] })
export class MetricsModule {}
