#!/usr/bin/env node
// Writes k8s/components/monitoring/prometheus-rule.yaml: the groups of alerts.rules.yaml (the
// source, in Prometheus's rule-file format, which docker-compose's Prometheus loads) wrapped in a
// PrometheusRule for the Prometheus operator. `npm run check:deploy` fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { format, resolveConfig } from 'prettier';

const DIR = new URL('../../k8s/components/monitoring/', import.meta.url);
const HEADER = `# Generated from alerts.rules.yaml by \`node tools/deploy/prometheus-rule.mjs\`: edit that file.
# Your Prometheus's ruleSelector may need a label here (kube-prometheus-stack: release: <name>).
`;

const { groups } = load(readFileSync(new URL('alerts.rules.yaml', DIR), 'utf8'));
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'ensemble' },
  spec: { groups },
};
const target = new URL('prometheus-rule.yaml', DIR);
const options = { ...(await resolveConfig(target.pathname)), parser: 'yaml' };
writeFileSync(target, await format(HEADER + dump(rule, { lineWidth: -1 }), options));
