import { Injectable } from '@nestjs/common';
import Ajv, { type ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { fieldProblems, type FieldProblem } from '@ensemble/contracts';
import { SafeRegExp } from '@ensemble/expressions';
import { LruCache } from '@ensemble/caching';

const CACHE_LIMIT = 500;

/** `pattern` and `patternProperties` of user schemas run on RE2 (linear time). */
const safeRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => new SafeRegExp(pattern, flags),
  {
    code: 'SafeRegExp',
  },
);

/**
 * Compiles a JSON Schema, throwing ajv's error when it is not one. Each schema gets its own
 * Ajv instance: a shared one registers every `$id` it meets, so one tenant's schema could
 * resolve `$ref`s into another's, and same-`$id` schemas would clash.
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    logger: false,
    code: { regExp: safeRegExp },
  });
  addFormats(ajv);
  return ajv.compile(schema);
}

@Injectable()
export class InputSchemas {
  private readonly compiled = new LruCache<string, ValidateFunction>(CACHE_LIMIT);

  /** Every way `input` breaks `schema`, each at its path under `input` (`input.order.amount`); [] when it fits. */
  check(schema: Record<string, unknown> | undefined, input: unknown): FieldProblem[] {
    if (schema === undefined) return [];
    let validate: ValidateFunction;
    try {
      validate = this.compile(schema);
    } catch (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      return [{ path: 'inputSchema', message: `is invalid: ${reason}` }];
    }
    if (validate(input)) return [];
    return fieldProblems(validate.errors, 'input');
  }

  private compile(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const validate = compileSchema(schema);
    this.compiled.set(key, validate);
    return validate;
  }
}
