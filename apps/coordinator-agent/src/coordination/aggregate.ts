import { canonicalJson, valueAt } from './value-at';

export const AGGREGATE_OPS = ['sum', 'avg', 'min', 'max', 'count', 'group', 'distinct'] as const;
export type AggregateOp = (typeof AGGREGATE_OPS)[number];

export interface AggregateSpec {
  op: AggregateOp;
  /** Dot path of the value each item contributes; the item itself when absent. */
  path?: string;
  /** Dot path of the group key (`group` only). */
  by?: string;
}

export type ParsedAggregateSpec = { ok: true; spec: AggregateSpec } | { ok: false; reason: string };

/** An item whose value cannot be aggregated; `index` is its position in the input. */
export class AggregateItemError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'AggregateItemError';
  }
}

export function parseAggregateSpec(params: Record<string, unknown>): ParsedAggregateSpec {
  const { op, path, by } = params;
  const known = AGGREGATE_OPS.find((o) => o === op);
  if (!known) return { ok: false, reason: `params.op must be one of ${AGGREGATE_OPS.join(', ')}` };
  if (path !== undefined && typeof path !== 'string')
    return { ok: false, reason: 'params.path must be a dot path' };
  if (known === 'group' && (typeof by !== 'string' || by === ''))
    return { ok: false, reason: 'params.by (a dot path) is required for group' };
  return {
    ok: true,
    spec: {
      op: known,
      ...(path === undefined ? {} : { path }),
      ...(typeof by === 'string' ? { by } : {}),
    },
  };
}

/**
 * Aggregates `items`. Missing and null values are skipped; sum of none is 0, avg/min/max of none
 * is null. `group` keeps items in input order under their key; `distinct` keeps first occurrences.
 */
export function aggregate(items: readonly unknown[], spec: AggregateSpec): unknown {
  switch (spec.op) {
    case 'sum':
      return numbers(items, spec.path).reduce((total, n) => total + n, 0);
    case 'avg': {
      const values = numbers(items, spec.path);
      return values.length === 0 ? null : values.reduce((total, n) => total + n, 0) / values.length;
    }
    case 'min':
    case 'max': {
      const values = numbers(items, spec.path);
      if (values.length === 0) return null;
      const pick = spec.op === 'min' ? Math.min : Math.max;
      return values.reduce((best, n) => pick(best, n));
    }
    case 'count':
      return spec.path === undefined ? items.length : present(items, spec.path).length;
    case 'distinct':
      return distinct(present(items, spec.path));
    case 'group':
      return group(items, spec.by ?? '');
  }
}

function present(items: readonly unknown[], path: string | undefined): unknown[] {
  return items.map((item) => valueAt(item, path)).filter((v) => v !== undefined && v !== null);
}

function numbers(items: readonly unknown[], path: string | undefined): number[] {
  const values: number[] = [];
  items.forEach((item, index) => {
    const value = valueAt(item, path);
    if (value === undefined || value === null) return;
    if (typeof value !== 'number')
      throw new AggregateItemError(index, `item ${index}${path ? ` at ${path}` : ''} is not a number`);
    values.push(value);
  });
  return values;
}

function distinct(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const value of values) {
    const key = canonicalJson(value);
    if (!seen.has(key)) seen.set(key, value);
  }
  return [...seen.values()];
}

/** Strings key by themselves; other values (null and missing alike) by their JSON text. */
function group(items: readonly unknown[], by: string): Record<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  for (const item of items) {
    const value = valueAt(item, by);
    const key = typeof value === 'string' ? value : canonicalJson(value ?? null);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return Object.fromEntries(groups);
}
