/**
 * class-transformer walks every object of a request body as if it were a class: a `constructor`
 * key crashes it and a `__proto__` key is lost. Request bodies carry callers' own data (run
 * inputs, step params, JSON Schemas), so around the validation pipe those keys are renamed to a
 * private-use marker and renamed back afterwards. DTO properties never start with the marker.
 */
const MARK = '\uE000';
const RESERVED = new Set(['constructor', '__proto__', 'prototype']);

type Rename = (key: string) => string | undefined;

const hide: Rename = (key) => (RESERVED.has(key) ? `${MARK}${key}` : undefined);
const reveal: Rename = (key) => (key.startsWith(MARK) ? key.slice(MARK.length) : undefined);

function renameKeys(value: unknown, rename: Rename, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) renameKeys(item, rename, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    renameKeys(child, rename, seen);
    const renamed = rename(key);
    if (renamed === undefined) continue;
    // defineProperty, not assignment: assigning to `__proto__` would set the prototype.
    Object.defineProperty(record, renamed, {
      value: child,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    Reflect.deleteProperty(record, key);
  }
}

/** A copy of a parsed body with reserved keys renamed; the original is left as it was. */
export function hideReservedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideReservedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(copy, hide(key) ?? key, {
      value: hideReservedKeys(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export function revealReservedKeys<T>(value: T): T {
  renameKeys(value, reveal, new Set());
  return value;
}

/** A field path or message as the caller wrote it. */
export function revealPath(path: string): string {
  return path.split(MARK).join('');
}
