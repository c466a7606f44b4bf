import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Gauge } from 'prom-client';
import { MetricsService } from '@ensemble/observability';
import { poolOf } from '@ensemble/persistence';

/**
 * Read when Prometheus scrapes, not kept up to date: the outbox's backlog and the age of its
 * oldest row (messages committed but not yet confirmed by the broker — a growing age means the
 * broker is unreachable or the relay is stuck), the inbox's size (Postgres's estimate, no scan)
 * and the connection pool's use.
 */
@Injectable()
export class StorageMetrics {
  constructor(dataSource: DataSource, metrics: MetricsService) {
    const registers = [metrics.registry];
    const outboxAge = new Gauge({
      name: 'ensemble_outbox_oldest_age_seconds',
      help: 'Age of the oldest message in this app’s outbox (0 when empty)',
      registers,
    });
    new Gauge({
      name: 'ensemble_outbox_messages',
      help: 'Messages in this app’s outbox, waiting for a broker confirm',
      registers,
      async collect() {
        const [row]: { n: string; age: number | null }[] = await dataSource.query(
          `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox`,
        );
        this.set(Number(row.n));
        outboxAge.set(Math.max(0, row.age ?? 0));
      },
    });
    new Gauge({
      name: 'ensemble_inbox_messages',
      help: 'Messages this app remembers as handled (inbox rows, Postgres’s estimate)',
      registers,
      async collect() {
        const [row]: { n: number }[] = await dataSource.query(
          `SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'inbox'::regclass`,
        );
        this.set(row.n);
      },
    });
    new Gauge({
      name: 'ensemble_db_pool_connections',
      help: 'Database pool connections: total open, idle, and callers waiting for one',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = poolOf(dataSource);
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
