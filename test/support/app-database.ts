import type { DataSource } from 'typeorm';
import { createDataSource, databaseSettings } from '@ensemble/persistence';
import { migrateFleet } from '../../tools/fleet/migrate';
import type { TestEnv } from './test-env';

/**
 * Migrates every app's schema in the test database, then connects as one app's own role with its
 * schema on the search path: repositories see exactly what they see in production.
 */
export async function appDataSources(t: TestEnv, schemas: string[]): Promise<Map<string, DataSource>> {
  await migrateFleet(t.config, () => undefined);
  const sources = new Map<string, DataSource>();
  for (const schema of schemas) {
    const source = createDataSource({ ...databaseSettings(t.config, schema), poolSize: 2 }, [], []);
    sources.set(schema, await source.initialize());
  }
  return sources;
}

export async function closeAll(sources: Map<string, DataSource> | undefined): Promise<void> {
  for (const source of sources?.values() ?? []) await source.destroy();
}

export function sourceOf(sources: Map<string, DataSource>, schema: string): DataSource {
  const source = sources.get(schema);
  if (!source) throw new Error(`no data source for ${schema}`);
  return source;
}
