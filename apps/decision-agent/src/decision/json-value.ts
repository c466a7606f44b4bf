/** The JSON form of a FEEL value (dates become ISO strings, functions null), as a step output carries it. */
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** A key equal for deeply equal JSON values whatever the order of their object keys. */
export function stableKey(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (isPlainObject(v) ? sortedKeys(v) : v)) as
    string | undefined;
  return text ?? 'null';
}

function sortedKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
