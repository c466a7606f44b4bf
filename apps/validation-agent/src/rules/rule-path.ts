/** One step of a compiled path: an object key or an array index. */
export type PathSegment = string | number;

export type CompiledPath = { ok: true; segments: PathSegment[] } | { ok: false; reason: string };

const ROOT = '$';

/**
 * Compiles `order.items[0].sku`, `a['key.with.dots']` or `$` (the whole input) into segments, so
 * reading a value at evaluation time never re-parses the path.
 */
export function compilePath(path: string): CompiledPath {
  if (path.length === 0) return { ok: false, reason: 'path must not be empty' };
  const segments: PathSegment[] = [];
  let i = startOf(path);
  let expectKey = i === 0;
  while (i < path.length) {
    const step = path[i] === '[' ? readBracket(path, i) : readKey(path, i, expectKey);
    if (typeof step === 'string') return { ok: false, reason: `invalid path "${path}": ${step}` };
    segments.push(step.segment);
    i = step.next;
    expectKey = false;
  }
  return { ok: true, segments };
}

function startOf(path: string): number {
  return path.startsWith(ROOT) && (path.length === 1 || path[1] === '.' || path[1] === '[') ? 1 : 0;
}

type Step = { segment: PathSegment; next: number } | string;

function readKey(path: string, at: number, first: boolean): Step {
  let i = at;
  if (!first) {
    if (path[i] !== '.') return `expected "." or "[" at character ${i}`;
    i += 1;
  }
  const start = i;
  while (i < path.length && path[i] !== '.' && path[i] !== '[' && path[i] !== ']') i += 1;
  if (i === start) return `empty key at character ${start}`;
  return { segment: path.slice(start, i), next: i };
}

function readBracket(path: string, at: number): Step {
  const close = path.indexOf(']', at);
  if (close < 0) return `unclosed "[" at character ${at}`;
  const inner = path.slice(at + 1, close);
  if (/^\d+$/.test(inner)) return { segment: Number(inner), next: close + 1 };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted?.[2] !== undefined && !quoted[2].includes(quoted[1])) {
    return { segment: quoted[2], next: close + 1 };
  }
  return `"[${inner}]" at character ${at} is neither an index nor a quoted key`;
}

/** The value at `segments`, or undefined when any step is missing. */
export function readPath(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of segments) {
    current = child(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function child(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value)) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < value.length ? (value[index] as unknown) : undefined;
  }
  if (value !== null && typeof value === 'object' && typeof segment === 'string') {
    return Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return undefined;
}
