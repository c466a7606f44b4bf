import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { PersistenceOptions } from './persistence.module';
import { PERSISTENCE_OPTIONS } from './persistence.tokens';

const POLL_MS = 2_000;

/** The names TypeORM records for these migrations in the schema's `migrations` table. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function migrationNames(migrations: Function[]): string[] {
  return migrations.map((migration) => {
    const instance = new (migration as new () => { name?: string })();
    return instance.name ?? migration.name;
  });
}

/**
 * Schema first (ADR "schema-first upgrades"): the app knows the migrations its code needs and
 * neither reports ready nor consumes until its schema has every one of them. It never migrates
 * itself; `migrate` (an init container, `npm run migrate`) does.
 */
@Injectable()
export class SchemaGate implements OnApplicationShutdown {
  private readonly logger = new Logger(SchemaGate.name);
  private readonly required: string[];
  private readonly stopped = new AbortController();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {
    this.required = migrationNames(options.migrations);
  }

  /** The required migrations the schema lacks (all of them when it has no migrations table). */
  async missing(): Promise<string[]> {
    const table = `"${this.options.settings.schema}"."migrations"`;
    const found = await this.dataSource.query<{ present: boolean }[]>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [table],
    );
    if (!found[0]?.present) return [...this.required];
    const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM ${table}`);
    const applied = new Set(rows.map((row) => row.name));
    return this.required.filter((name) => !applied.has(name));
  }

  /** Resolves once the schema has every required migration; polls until then (or shutdown). */
  whenReady(): Promise<void> {
    this.ready ??= this.poll();
    return this.ready;
  }

  private async poll(): Promise<void> {
    let reported = '';
    for (;;) {
      try {
        const missing = await this.missing();
        if (missing.length === 0) return;
        const line = missing.join(', ');
        if (line !== reported) {
          this.logger.warn(`schema ${this.options.settings.schema} lacks ${line}; waiting for migrate`);
          reported = line;
        }
      } catch (error) {
        this.logger.warn(`cannot read the schema's migrations: ${(error as Error).message}`);
      }
      await sleep(POLL_MS, undefined, { signal: this.stopped.signal });
    }
  }

  onApplicationShutdown(): void {
    this.stopped.abort();
  }
}
