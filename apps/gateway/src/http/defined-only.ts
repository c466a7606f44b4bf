/** Copies only the keys whose value is defined, so optional fields stay absent on the wire. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
