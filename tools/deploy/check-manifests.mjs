#!/usr/bin/env node
// CI check of the deployment files, offline and in seconds (`npm run check:deploy`, run by
// .ci/run): renders every kustomization under k8s/overlays with `kubectl kustomize`, validates
// every object against its schema (kubernetes-models and its KEDA, Prometheus operator and
// Gateway API models), applies the policies below, and runs `docker-compose config` when
// docker-compose is installed. The monitoring component: the PrometheusRule carries exactly the
// groups of alerts.rules.yaml, every dashboard is shipped as a ConfigMap, and, when promtool is
// installed (.ci/services installs it), the rules pass `promtool check rules` and their tests
// (alerts.test.yaml), the compose Prometheus config is valid and every dashboard query parses.
// Exits 1 listing every problem.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';

const ROOT = new URL('../..', import.meta.url).pathname;
const QUEUE_DRIVEN = [
  'orchestrator',
  'validation-agent',
  'decision-agent',
  'data-agent',
  'coordinator-agent',
];
/** What each rendering must satisfy besides the common policies. */
const TARGETS = [
  { dir: 'k8s/overlays/dev', autoscaling: 'none' },
  { dir: 'k8s/overlays/dev/provision', job: true },
  { dir: 'k8s/overlays/production', autoscaling: 'keda', digests: true, route: true },
  { dir: 'k8s/overlays/production/provision', job: true, digests: true },
];
const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/keda',
  '@kubernetes-models/prometheus-operator',
  '@kubernetes-models/gateway-api',
];
const MONITORING = 'k8s/components/monitoring';
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|AMQP_URL|ADMIN_URL|REDIS_URL/;
const CREDENTIALS_IN_URL = /[a-z+]+:\/\/[^/\s:@]+:[^/\s@]+@/i;

const problems = [];
const fail = (where, what) => problems.push(`${where}: ${what}`);

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes('/') ? apiVersion : `v1`;
  for (const pkg of MODEL_PACKAGES) {
    try {
      const module = await import(`${pkg}/${path}`);
      if (module[kind]) return module[kind];
    } catch {
      // not this package's group
    }
  }
  return undefined;
}

function render(dir) {
  return execFileSync('kubectl', ['kustomize', join(ROOT, dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function* strings(value, path = '') {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

function mebibytes(quantity) {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function checkContainer(where, container, { app, init }) {
  const limits = container.resources?.limits ?? {};
  if (!limits.cpu || !limits.memory) fail(where, 'needs cpu and memory limits');
  if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory)
    fail(where, 'needs cpu and memory requests');
  if (!init && (!container.readinessProbe || !container.livenessProbe))
    fail(where, 'needs readiness and liveness probes');
  const sc = container.securityContext ?? {};
  if (sc.allowPrivilegeEscalation !== false) fail(where, 'must set allowPrivilegeEscalation: false');
  if (!sc.capabilities?.drop?.includes('ALL')) fail(where, 'must drop ALL capabilities');
  if (sc.runAsNonRoot !== true) fail(where, 'must set runAsNonRoot: true');
  if (sc.seccompProfile?.type !== 'RuntimeDefault')
    fail(where, 'must use the RuntimeDefault seccomp profile');
  if (app && sc.readOnlyRootFilesystem !== true) fail(where, 'must have a read-only root filesystem');
  for (const env of container.env ?? []) {
    if (SECRET_NAME.test(env.name) && env.value !== undefined && env.value !== '')
      fail(where, `${env.name} is a literal; take it from a Secret (valueFrom)`);
  }
  if (app && !init) {
    const heap = /--max-old-space-size=(\d+)/.exec(
      (container.env ?? []).find((e) => e.name === 'NODE_OPTIONS')?.value ?? '',
    );
    const limit = mebibytes(limits.memory);
    if (!heap) fail(where, 'NODE_OPTIONS must set --max-old-space-size');
    else if (limit && (Number(heap[1]) > limit * 0.8 || Number(heap[1]) < limit * 0.5))
      fail(where, `heap ${heap[1]} MiB is not 50-80 % of the ${limits.memory} limit`);
  }
}

async function check(target) {
  let text;
  try {
    text = render(target.dir);
  } catch (error) {
    fail(target.dir, `does not render: ${String(error.stderr ?? error.message).trim()}`);
    return 0;
  }
  const objects = loadAll(text).filter(Boolean);
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  for (const object of objects) {
    const where = `${target.dir}: ${object.kind}/${object.metadata?.name}`;
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) fail(where, `no schema for ${object.apiVersion} ${object.kind}`);
    else {
      try {
        new Model(object).validate();
      } catch (error) {
        fail(where, `invalid: ${error.message}`);
      }
    }
    if (object.kind === 'Secret') fail(where, 'Secrets come from outside the repository, never from it');
    for (const [path, value] of strings(object)) {
      if (/change[-_ ]?me/i.test(value)) fail(where, `${path} holds a placeholder credential`);
      if (CREDENTIALS_IN_URL.test(value)) fail(where, `${path} holds a URL with credentials`);
    }
  }

  const workloads = [
    ...byKind('Deployment').map((o) => [o, o.spec.template]),
    ...byKind('Job').map((o) => [o, o.spec.template]),
  ];
  for (const [object, template] of workloads) {
    const where = `${target.dir}: ${object.kind}/${object.metadata.name}`;
    const app = object.metadata.labels?.['app.kubernetes.io/part-of'] === 'ensemble';
    const pod = template.spec;
    if (pod.securityContext?.runAsNonRoot !== true) fail(where, 'pod must set runAsNonRoot: true');
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
      fail(where, 'pod must use the RuntimeDefault seccomp profile');
    for (const c of pod.containers)
      checkContainer(`${where} container ${c.name}`, c, { app, init: object.kind === 'Job' });
    for (const c of pod.initContainers ?? [])
      checkContainer(`${where} init ${c.name}`, c, { app, init: true });
    if (app && object.kind === 'Deployment') {
      const migrate = (pod.initContainers ?? []).find((c) => c.name === 'migrate');
      if (!migrate?.command?.includes('--app'))
        fail(where, 'needs the schema-first init container migrate --app');
      else if (migrate.image !== pod.containers[0].image) fail(where, 'migrate must run the app image');
    }
    if (target.digests && app)
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])])
        if (!/@sha256:[0-9a-f]{64}$/.test(c.image)) fail(where, `image ${c.image} is not pinned by digest`);
  }

  for (const pdb of byKind('PodDisruptionBudget'))
    if (pdb.spec.unhealthyPodEvictionPolicy !== 'AlwaysAllow')
      fail(
        `${target.dir}: PodDisruptionBudget/${pdb.metadata.name}`,
        'needs unhealthyPodEvictionPolicy: AlwaysAllow',
      );

  const hpaTargets = new Set(byKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name));
  const scaled = new Map(byKind('ScaledObject').map((s) => [s.spec.scaleTargetRef.name, s]));
  for (const deployment of byKind('Deployment')) {
    const name = deployment.metadata.name;
    const where = `${target.dir}: Deployment/${name}`;
    const autoscaled = hpaTargets.has(name) || scaled.has(name);
    if (hpaTargets.has(name) && scaled.has(name)) fail(where, 'has both an HPA and a ScaledObject');
    if (autoscaled && deployment.spec.replicas !== undefined)
      fail(where, 'sets replicas although an autoscaler owns the count');
  }
  if (target.autoscaling === 'keda')
    for (const app of QUEUE_DRIVEN) {
      const so = scaled.get(`ensemble-${app}`);
      const where = `${target.dir}: ${app}`;
      const trigger = so?.spec.triggers.find((t) => t.type === 'rabbitmq');
      if (!trigger) fail(where, 'queue-driven: needs a ScaledObject with a rabbitmq trigger');
      else if (trigger.metadata.protocol !== 'http' || trigger.metadata.excludeUnacknowledged === 'true')
        fail(where, 'the rabbitmq trigger must count unacked messages (protocol http)');
    }
  if (target.autoscaling === 'keda' && !hpaTargets.has('ensemble-gateway'))
    fail(target.dir, 'the gateway needs its CPU HPA');

  if (target.route) {
    const routes = byKind('HTTPRoute');
    if (routes.length === 0 && byKind('Ingress').length === 0) fail(target.dir, 'no HTTPRoute or Ingress');
    for (const route of routes)
      for (const rule of route.spec.rules)
        for (const match of rule.matches ?? [{}])
          if (!match.path?.value?.startsWith('/api'))
            fail(
              `${target.dir}: HTTPRoute/${route.metadata.name}`,
              'may route only /api (never /health or /metrics)',
            );
    for (const ingress of byKind('Ingress'))
      for (const rule of ingress.spec.rules ?? [])
        for (const path of rule.http?.paths ?? [])
          if (!path.path?.startsWith('/api'))
            fail(
              `${target.dir}: Ingress/${ingress.metadata.name}`,
              'may route only /api (never /health or /metrics)',
            );
  }
  if (byKind('PodMonitor').length > 0) checkMonitoring(target.dir, objects);
  return objects.length;
}

/** JSON with sorted keys: kustomize sorts a rendering's keys. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function dashboards() {
  const dir = join(ROOT, MONITORING, 'dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** The rendering that scrapes the apps also carries the rules and every dashboard. */
function checkMonitoring(dir, objects) {
  const { groups } = load(readFileSync(join(ROOT, MONITORING, 'alerts.rules.yaml'), 'utf8'));
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (rules.length !== 1 || canonical(rules[0].spec.groups) !== canonical(groups))
    fail(
      dir,
      `the PrometheusRule differs from ${MONITORING}/alerts.rules.yaml; run node tools/deploy/prometheus-rule.mjs`,
    );
  const shipped = new Set(
    objects
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
      .flatMap((o) => Object.keys(o.data ?? {})),
  );
  const uids = new Set();
  for (const { file, text } of dashboards()) {
    if (!shipped.has(file)) fail(dir, `dashboards/${file} is not in a grafana_dashboard ConfigMap`);
    try {
      const { uid } = JSON.parse(text);
      if (!uid || uids.has(uid)) fail(dir, `dashboards/${file} needs a uid of its own`);
      uids.add(uid);
    } catch (error) {
      fail(dir, `dashboards/${file} is not JSON: ${error.message}`);
    }
  }
}

/** Every `expr` of a dashboard, Grafana's variables replaced by values Prometheus parses. */
function* dashboardQueries() {
  for (const { file, text } of dashboards()) {
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      continue;
    }
    const walk = function* (value) {
      if (Array.isArray(value)) for (const v of value) yield* walk(v);
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (k === 'expr' && typeof v === 'string') yield v;
          else yield* walk(v);
        }
    };
    for (const expr of walk(json))
      yield { file, expr: expr.replaceAll('$__rate_interval', '1m').replaceAll('$namespace', '.*') };
  }
}

function promtool() {
  const found = spawnSync('promtool', ['--version'], { stdio: 'ignore' });
  if (found.error || found.status !== 0) return 'promtool not installed, rules not checked';
  const run = (where, args, cwd = ROOT) => {
    const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
    if (result.status !== 0) fail(where, `${result.stdout}${result.stderr}`.trim());
  };
  const monitoring = join(ROOT, MONITORING);
  run(`${MONITORING}/alerts.rules.yaml`, ['check', 'rules', 'alerts.rules.yaml'], monitoring);
  run(`${MONITORING}/alerts.test.yaml`, ['test', 'rules', 'alerts.test.yaml'], monitoring);
  run('tools/compose/prometheus.yml', ['check', 'config', '--syntax-only', 'tools/compose/prometheus.yml']);
  const dir = mkdtempSync(join(tmpdir(), 'ensemble-dashboards-'));
  try {
    const queries = [...dashboardQueries()];
    const rules = queries.map(({ file, expr }, i) => ({
      record: `dashboard:${file.replace(/\W/g, '_')}:${i}`,
      expr,
    }));
    writeFileSync(
      join(dir, 'dashboards.rules.yaml'),
      JSON.stringify({ groups: [{ name: 'dashboards', rules }] }),
    );
    run(`${MONITORING}/dashboards`, ['check', 'rules', join(dir, 'dashboards.rules.yaml')]);
    return `promtool ok (rules, rule tests, ${queries.length} dashboard queries)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function composeConfig() {
  const found = spawnSync('docker-compose', ['version'], { stdio: 'ignore' });
  if (found.error || found.status !== 0) return 'docker-compose not installed, skipped';
  const dir = mkdtempSync(join(tmpdir(), 'ensemble-compose-'));
  try {
    const env = join(dir, '.env');
    execFileSync('sh', [join(ROOT, 'tools/compose/env.sh'), env], { stdio: 'ignore' });
    const result = spawnSync(
      'docker-compose',
      ['--env-file', env, '-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) fail('docker-compose.yml', result.stderr.trim());
    return 'docker-compose config ok';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const counts = [];
for (const target of TARGETS) counts.push(`${target.dir} ${await check(target)} objects`);
const compose = composeConfig();
const rules = promtool();
if (problems.length > 0) {
  console.error(
    `check-manifests: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`check-manifests: ${counts.join(', ')}; ${compose}; ${rules} (${Date.now() - started} ms)`);
