/** The value at a dot path (`a.b.c`) of `data`; the whole value for an empty or absent path. */
export function valueAt(data: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return data;
  let value = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** JSON with object keys sorted, so equal values have equal keys whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
