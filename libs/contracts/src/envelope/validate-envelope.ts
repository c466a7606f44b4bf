import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { MESSAGE_TYPE_PATTERN, type Envelope } from './envelope';

export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const text = (maxLength: number): object => ({ type: 'string', maxLength });

/** The envelope as JSON Schema: the same rules as the `Envelope` class, compiled once. */
export const ENVELOPE_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'type',
    'version',
    'tenantId',
    'correlationId',
    'causationId',
    'attempt',
    'occurredAt',
    'payload',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: MESSAGE_TYPE_PATTERN.source, maxLength: 200 },
    version: { type: 'integer', minimum: 1 },
    tenantId: text(128),
    correlationId: text(128),
    causationId: text(128),
    runId: { type: 'string', format: 'uuid' },
    stepId: text(128),
    attempt: { type: 'integer', minimum: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
    traceparent: text(512),
    payload: { type: 'object' },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['uuid', 'date-time']);
const check = ajv.compile(ENVELOPE_SCHEMA);

/** `field: what is wrong`, naming a missing field itself rather than the object that lacks it. */
function problemsOf(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
    const parts = [...e.instancePath.split('/').slice(1), ...(missing === undefined ? [] : [missing])];
    return `${parts.join('.') || root}: ${missing === undefined ? (e.message ?? 'is invalid') : 'is required'}`;
  });
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return problemsOf(errors, 'envelope').join('; ');
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const compiledPayloads = new Map<Function, ValidateFunction>();

/**
 * Hot-path payloads (tasks, results) are checked by a compiled JSON Schema with the same rules as
 * their class's decorators: class-transformer and class-validator cost several percent of an
 * agent's CPU per message.
 */
export function compilePayloadSchema(cls: new () => object, schema: object): void {
  compiledPayloads.set(cls, ajv.compile(schema));
}

/**
 * Parses and validates a delivery's body. Compiled JSON Schema, not class-transformer: payloads
 * are data, so keys such as `constructor` or `__proto__` pass through untouched.
 */
export function parseEnvelope(raw: Buffer | string): Promise<EnvelopeCheck> {
  let data: unknown;
  try {
    data = JSON.parse(raw.toString());
  } catch (error) {
    return Promise.resolve({ ok: false, reason: `body is not JSON: ${(error as Error).message}` });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return Promise.resolve({ ok: false, reason: 'body is not a JSON object' });
  if (!check(data))
    return Promise.resolve({ ok: false, reason: `invalid envelope: ${describe(check.errors)}` });
  return Promise.resolve({ ok: true, envelope: data });
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => `${path}: ${c}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

const RESERVED = new Set(['constructor', '__proto__', 'prototype']);

/**
 * A copy to validate: class-transformer treats a `constructor` key as a class and crashes, and a
 * top-level one would hide the class's rules from class-validator. Those keys are never part of
 * a contract, so the copy leaves them out; the payload itself is not changed.
 */
function validationCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(validationCopy);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!RESERVED.has(key)) copy[key] = validationCopy(inner);
  return copy;
}

/** Validates a payload class against its declared decorators; returns the problems, if any. */
export async function payloadProblems<T extends object>(
  cls: new () => T,
  payload: object,
): Promise<string[]> {
  const compiled = compiledPayloads.get(cls);
  if (compiled) return compiled(payload) ? [] : problemsOf(compiled.errors, 'payload');
  const instance = plainToInstance(cls, validationCopy(payload));
  return flatten(await validate(instance as object, { forbidUnknownValues: false, whitelist: false }));
}
