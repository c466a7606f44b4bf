import { isISO8601 } from 'class-validator';

/** Postgres `integer`: versions and other int columns; anything larger fails in the database. */
export const MAX_INT4 = 2_147_483_647;

/** Deeper JSON exhausts the stack of the code (and of Postgres) that walks it. */
export const MAX_JSON_DEPTH = 100;

/** Why a value cannot be stored, and where in it (`input.lines[2].note`). */
export interface StorableProblem {
  path: string;
  message: string;
}

const NUL = '\u0000';
// Postgres text and jsonb reject a NUL and a UTF-16 surrogate without its pair.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableTextProblem(text: string, path: string): StorableProblem | undefined {
  return text.includes(NUL) || UNPAIRED_SURROGATE.test(text)
    ? { path, message: 'must not contain NUL characters or unpaired surrogates' }
    : undefined;
}

interface Visit {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * The first string or key in a JSON-like value that Postgres would reject, or a nesting deeper
 * than MAX_JSON_DEPTH. Walks with its own stack, so hostile nesting cannot overflow the call stack.
 */
export function unstorableProblem(value: unknown, path = ''): StorableProblem | undefined {
  const stack: Visit[] = [{ value, path, depth: 0 }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const problem = problemOf(visit, stack);
    if (problem) return problem;
  }
  return undefined;
}

function problemOf({ value, path, depth }: Visit, stack: Visit[]): StorableProblem | undefined {
  if (typeof value === 'string') return unstorableTextProblem(value, path || 'value');
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH)
    return { path: path || 'value', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    const keyProblem = unstorableTextProblem(key, itemPath.replaceAll(NUL, '\\u0000'));
    if (keyProblem) return keyProblem;
    stack.push({ value: item, path: itemPath, depth: depth + 1 });
  }
  return undefined;
}

/** RFC 3339 dates and times only; the `T` is required and impossible dates (Feb 30) are refused. */
export const STRICT_ISO8601 = { strict: true, strictSeparator: true } as const;

/** A time Postgres `timestamptz` accepts: strict ISO 8601, years 0001 to 9999. */
export function isIsoTime(text: string): boolean {
  return text.length <= 64 && isISO8601(text, STRICT_ISO8601) && !Number.isNaN(Date.parse(text));
}
