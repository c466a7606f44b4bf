import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { Envelope } from './envelope';

export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; reason: string };

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => `${path}: ${c}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

export async function parseEnvelope(raw: Buffer | string): Promise<EnvelopeCheck> {
  let data: unknown;
  try {
    data = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const envelope = plainToInstance(Envelope, data);
  const errors = await validate(envelope, { forbidUnknownValues: false });
  if (errors.length > 0) return { ok: false, reason: `invalid envelope: ${flatten(errors).join('; ')}` };
  return { ok: true, envelope };
}

/** Validates a payload class against its declared decorators; returns the problems, if any. */
export async function payloadProblems<T extends object>(
  cls: new () => T,
  payload: object,
): Promise<string[]> {
  const instance = plainToInstance(cls, payload);
  return flatten(await validate(instance, { forbidUnknownValues: false, whitelist: false }));
}
