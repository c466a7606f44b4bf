import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { collectDefaultMetrics, Registry } from 'prom-client';

const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'k8s', 'components', 'monitoring');
const METRIC = /\b(?:ensemble|nodejs|process)_[a-z0-9_]+/g;
const HISTOGRAM_SERIES = /_(?:bucket|sum|count)$/;

interface Rule {
  alert?: string;
  expr: string;
  annotations?: Record<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The `ensemble_` metrics the code registers (`name: 'ensemble_…'`), and prom-client's defaults. */
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))])
    for (const match of readFileSync(file, 'utf8').matchAll(/name:\s*'(ensemble_[a-z0-9_]+)'/g))
      names.add(match[1]);
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults });
  for (const metric of defaults.getMetricsAsArray()) names.add(metric.name);
  return names;
}

function dashboardQueries(): { where: string; expr: string }[] {
  const dir = join(MONITORING, 'dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const exprs: string[] = [];
      JSON.parse(readFileSync(join(dir, file), 'utf8'), (key, value: unknown) => {
        if (key === 'expr' && typeof value === 'string') exprs.push(value);
        return value;
      });
      return exprs.map((expr) => ({ where: file, expr }));
    });
}

function alertRules(): Rule[] {
  const file = load(readFileSync(join(MONITORING, 'alerts.rules.yaml'), 'utf8')) as {
    groups: { rules: Rule[] }[];
  };
  return file.groups.flatMap((g) => g.rules);
}

/** Names in `queries` that no code registers (a histogram's _bucket/_sum/_count count as it). */
function unknownMetrics(queries: { where: string; expr: string }[], known: Set<string>): string[] {
  return queries.flatMap(({ where, expr }) =>
    [...expr.matchAll(METRIC)]
      .map(([name]) => name)
      .filter((name) => !known.has(name) && !known.has(name.replace(HISTOGRAM_SERIES, '')))
      .map((name) => `${where}: ${name}`),
  );
}

describe('monitoring: dashboards and alert rules', () => {
  const known = registeredMetrics();
  const queries = [
    ...dashboardQueries(),
    ...alertRules().map((r) => ({ where: `alert ${r.alert ?? '?'}`, expr: r.expr })),
  ];

  it('finds the metrics the code registers and the queries that use them', () => {
    expect(known).toContain('ensemble_http_request_duration_seconds');
    expect(known).toContain('ensemble_agents');
    expect(known).toContain('nodejs_eventloop_lag_p99_seconds');
    expect([...known].filter((n) => n.startsWith('ensemble_')).length).toBeGreaterThanOrEqual(18);
    expect(queries.length).toBeGreaterThan(50);
  });

  it('uses only metric names the apps register', () => {
    expect(unknownMetrics(queries, known)).toEqual([]);
  });

  it('reports a name no code registers', () => {
    const typo = [{ where: 'fleet.json', expr: 'sum(rate(ensemble_step_retry_total[1m]))' }];
    expect(unknownMetrics(typo, known)).toEqual(['fleet.json: ensemble_step_retry_total']);
  });

  it('links every alert to its runbook section in docs/operations.md', () => {
    const operations = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const anchors = new Set(
      [...operations.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) =>
        heading
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    const missing = alertRules()
      .filter((r) => r.alert !== undefined)
      .filter((r) => {
        const anchor = /^docs\/operations\.md#(.+)$/.exec(r.annotations?.runbook_url ?? '')?.[1];
        return anchor === undefined || !anchors.has(anchor);
      })
      .map((r) => r.alert);
    expect(missing).toEqual([]);
  });
});
