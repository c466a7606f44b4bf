import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@ensemble/observability';
import { AGENT_HEALTH_VALUES } from './dto/agent-list.request';

/** Fine around 50 ms, the registry's target for recording a heartbeat. */
const LAG_BUCKETS = [0.0025, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];

@Injectable()
export class AgentsMetrics {
  /**
   * From the announcement's `occurredAt` (the agent's clock, just before it published) to the
   * commit that recorded it: broker, queueing and handling together. Whether the registry keeps
   * up with its agents.
   */
  readonly announcementLag: Histogram<'type'>;

  constructor(metrics: MetricsService, dataSource: DataSource) {
    new Gauge({
      name: 'ensemble_agents',
      help: 'Registered agents by health (read when scraped)',
      labelNames: ['health'],
      registers: [metrics.registry],
      async collect() {
        const rows: { health: string; n: string }[] = await dataSource.query(
          `SELECT health, count(*) AS n FROM agents GROUP BY health`,
        );
        const counts = new Map(rows.map((r) => [r.health, Number(r.n)]));
        for (const health of AGENT_HEALTH_VALUES) this.set({ health }, counts.get(health) ?? 0);
      },
    });
    this.announcementLag = new Histogram({
      name: 'ensemble_agent_announcement_lag_seconds',
      help: 'Time from an agent announcement being sent to the registry committing it',
      labelNames: ['type'],
      buckets: LAG_BUCKETS,
      registers: [metrics.registry],
    });
  }
}
