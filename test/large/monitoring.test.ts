import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLEET_APPS } from '../../tools/fleet/fleet-apps';
import { freePort } from '../../tools/fleet/free-port';
import { createTestEnv, destroyTestEnv, eventually, type TestEnv } from '../support/test-env';
import { example, startTestFleet, type TestFleet } from '../support/test-fleet';

jest.setTimeout(240_000);

const MONITORING = join(__dirname, '..', '..', 'k8s', 'components', 'monitoring');

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

/** Every panel query of a dashboard, with Grafana's variables as a dashboard would fill them. */
function panels(file: string): { title: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(join(MONITORING, 'dashboards', file), 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({
      title: p.title,
      expr: t.expr.replaceAll('$__rate_interval', '1m').replaceAll('$namespace', '.*'),
    })),
  );
}

/**
 * A real Prometheus (Debian's, installed by .ci/services) scraping the test fleet every second
 * with the labels the PodMonitor and docker-compose give (job "ensemble", app) and the alert
 * rules of the monitoring component evaluated every second.
 */
async function startPrometheus(f: TestFleet, dir: string): Promise<{ url: string; process: ChildProcess }> {
  const targets = FLEET_APPS.map(
    (app) => `      - { targets: ['127.0.0.1:${f.fleet.port(app.name)}'], labels: { app: ${app.name} } }`,
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${join(MONITORING, 'alerts.rules.yaml')}']`,
      'scrape_configs:',
      '  - job_name: ensemble',
      '    static_configs:',
      ...targets,
    ].join('\n'),
  );
  const port = await freePort();
  const process = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  return { url: `http://127.0.0.1:${port}`, process };
}

describe('dashboards and alert rules on a real Prometheus scraping the fleet', () => {
  let t: TestEnv;
  let f: TestFleet;
  let dir: string;
  let prometheus: { url: string; process: ChildProcess };

  const query = async (expr: string): Promise<Series[]> => {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; error?: string; data: { result: Series[] } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? body.status}`);
    return body.data.result;
  };

  beforeAll(async () => {
    t = createTestEnv('monitoring');
    f = await startTestFleet(t);
    dir = mkdtempSync(join(tmpdir(), 'ensemble-prometheus-'));
    prometheus = await startPrometheus(f, dir);
    await f.gateway.request('POST', '/workflows', example('order-intake.workflow.json'));
    for (let i = 0; i < 3; i++) {
      const started = await f.gateway.request(
        'POST',
        '/workflows/order-intake/execute',
        example('order.json'),
      );
      await f.gateway.runUntil(String(started.body.runId), ['succeeded']);
    }
    await eventually(async () => {
      const up = await query('up{job="ensemble"} == 1');
      expect(up.map((s) => s.metric.app).sort()).toEqual(FLEET_APPS.map((a) => a.name).sort());
      return true;
    }, 'every app scraped');
  });

  afterAll(async () => {
    prometheus.process.kill('SIGTERM');
    await f.fleet.stopAll();
    await destroyTestEnv(t);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every panel query of every dashboard', async () => {
    const files = readdirSync(join(MONITORING, 'dashboards')).filter((file) => file.endsWith('.json'));
    expect(files).toHaveLength(5);
    for (const file of files) for (const { expr } of panels(file)) await query(expr);
  });

  it('shows the runs the fleet served on the fleet and agent dashboards', async () => {
    // The panels a healthy fleet that ran order-intake (data, validation, decision) fills; the
    // others need a failure (dead letters, retries, timeouts, compensations, RPC errors).
    const filled = {
      'fleet.json': [
        'Requests by route',
        'Latency p99 by route',
        'RPC latency p99 by type',
        'Runs started and finished',
        'Step attempts by outcome',
        'Step duration p99 by capability',
        'Outbox oldest age by app',
        'Messages consumed by app and outcome',
        'Agents by health',
        'Instances answering by app',
        'DB pool connections by app',
        'Event loop lag p99 by app',
      ],
      'validation-agent.json': [
        'Consumed by type and outcome',
        'Step attempts by outcome',
        'Instances answering',
      ],
      'decision-agent.json': [
        'Consumed by type and outcome',
        'Step duration p50 / p99',
        'Handler seconds p99 by type',
      ],
      'data-agent.json': ['Consumed by type and outcome', 'Step attempts by outcome', 'Outbox oldest age'],
      'coordinator-agent.json': ['Instances answering', 'Resident memory'],
    };
    await eventually(async () => {
      const empty: string[] = [];
      for (const [file, titles] of Object.entries(filled))
        for (const { title, expr } of panels(file).filter((p) => titles.includes(p.title)))
          if ((await query(expr)).length === 0) empty.push(`${file}: ${title}`);
      expect(empty).toEqual([]);
      return true;
    }, 'the panels to fill');
    const agents = await query('sum by (health) (ensemble_agents)');
    expect(agents.find((s) => s.metric.health === 'healthy')?.value[1]).toBe('4');
    const steps = await query(
      'sum by (capability) (ensemble_step_duration_seconds_count{outcome="succeeded"})',
    );
    expect(steps.map((s) => s.metric.capability).sort()).toEqual(['data', 'decision', 'validation']);
  });

  it('holds EnsembleAppDown for an app whose only instance stops answering, and not EnsembleInstanceDown', async () => {
    await f.fleet.stop('coordinator-agent');
    await eventually(async () => {
      const alerts = await query('ALERTS{alertname=~"EnsembleAppDown|EnsembleInstanceDown"}');
      expect(alerts.map((a) => [a.metric.alertname, a.metric.app, a.metric.alertstate])).toEqual([
        ['EnsembleAppDown', 'coordinator-agent', 'pending'],
      ]);
      return true;
    }, 'EnsembleAppDown pending');
  });
});
