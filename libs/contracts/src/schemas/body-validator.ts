import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** One thing wrong with a body and where: `steps[0].retry.maxAttempts`, `body.rules[2].id`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Checks a value against one body schema; an empty list means it conforms. */
export type BodyCheck = (value: unknown) => FieldProblem[];

/**
 * Body schemas use only keywords that mean the same in draft-07 and OpenAPI 3.0 (one `type` per
 * schema, no `const`, `if`, `$schema`), so the OpenAPI document can show them unchanged. They
 * reference each other as `#/components/schemas/<Name>`, the place the document registers them.
 */
const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, verbose: true });

export const COMPONENT_PREFIX = '#/components/schemas/';

const components = new Map<string, object>();
/** Schemas of bus payloads only (RPC requests): checked the same way, not in the OpenAPI document. */
const busOnly = new Set<string>();

/** Every body schema by component name, for the OpenAPI document. */
export function bodySchemaComponents(): Record<string, object> {
  return Object.fromEntries(components);
}

/** A reference to a registered body schema, as the OpenAPI document and other schemas use it. */
export function bodySchemaRef(name: string): { $ref: string } {
  return { $ref: `${COMPONENT_PREFIX}${name}` };
}

/**
 * Registers a named body schema so others can reference it, and returns its check. The schema is
 * compiled once, on the first check, when every schema it references has been registered.
 */
export function bodySchema(name: string, schema: object, root = '', inDocument = true): BodyCheck {
  const ref = `${COMPONENT_PREFIX}${name}`;
  ajv.addSchema(schema, ref);
  if (inDocument) components.set(name, schema);
  else busOnly.add(name);
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.getSchema(ref);
    if (validate === undefined) throw new Error(`body schema ${name} is not registered`);
    return validate(value) ? [] : fieldProblems(validate.errors, root);
  };
}

/** Compiles every registered body schema now, throwing ajv's complaint about any that is wrong. */
export function compileBodySchemas(): void {
  for (const name of [...components.keys(), ...busOnly])
    if (ajv.getSchema(`${COMPONENT_PREFIX}${name}`) === undefined)
      throw new Error(`body schema ${name} is missing`);
}

/**
 * ajv's errors as `[{ path, message }]`, paths from `root` (`input.order.amount`, `steps[0].id`):
 * the one shape of validation problems, for body schemas and tenants' own schemas alike.
 */
export function fieldProblems(errors: ErrorObject[] | null | undefined, root: string): FieldProblem[] {
  const problems = (errors ?? []).flatMap((error) => {
    const problem = describe(error, root);
    return problem === undefined ? [] : [problem];
  });
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A JSON pointer (`/steps/0/id`) as a field path (`steps[0].id`). */
function pathOf(pointer: string, root: string, extra?: string | number): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/');
  const segments = [
    ...parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')),
    ...(extra === undefined ? [] : [String(extra)]),
  ];
  return segments.reduce(
    (path, segment) =>
      /^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`,
    root,
  );
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
};

function describe(error: ErrorObject, root: string): FieldProblem | undefined {
  const params = error.params as Record<string, unknown>;
  const at = (extra?: string | number): string => pathOf(error.instancePath, root, extra);
  const parent = (error.parentSchema ?? {}) as { description?: string; minimum?: number; maximum?: number };
  const range =
    parent.minimum !== undefined && parent.maximum !== undefined
      ? `must be between ${parent.minimum} and ${parent.maximum}`
      : undefined;
  switch (error.keyword) {
    case 'required':
      return { path: at(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: at(String(params.additionalProperty)), message: 'unknown field' };
    case 'type':
      return { path: at(), message: `must be ${ARTICLE[String(params.type)] ?? String(params.type)}` };
    case 'enum':
      return {
        path: at(),
        message: `must be one of ${(params.allowedValues as unknown[]).join(', ')} (not ${JSON.stringify(error.data)})`,
      };
    case 'pattern':
      return { path: at(), message: `must be ${parent.description ?? `like ${String(params.pattern)}`}` };
    case 'minimum':
      return { path: at(), message: range ?? `must be at least ${String(params.limit)}` };
    case 'maximum':
      return { path: at(), message: range ?? `must be at most ${String(params.limit)}` };
    case 'minItems':
      return { path: at(), message: `must contain at least ${plural(Number(params.limit), 'item')}` };
    case 'maxItems':
      return { path: at(), message: `must contain at most ${plural(Number(params.limit), 'item')}` };
    case 'minLength':
      return {
        path: at(),
        message:
          params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`,
      };
    case 'maxLength':
      return { path: at(), message: `must be at most ${String(params.limit)} characters` };
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path: at(second), message: `repeats item ${first}` };
    }
    case 'oneOf':
    case 'anyOf':
    case 'discriminator':
      // The errors of the branch, or of the tag property, say what is wrong; these add nothing.
      return undefined;
    default:
      return { path: at(), message: error.message ?? 'is invalid' };
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
