const PREFIX = 'data://payloads/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claim-check reference handed out for a stored payload. */
export function payloadRef(id: string): string {
  return `${PREFIX}${id}`;
}

/** The payload id a reference names, or undefined when it is not a payload reference. */
export function payloadIdOf(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith(PREFIX)) return undefined;
  const id = ref.slice(PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : undefined;
}
