export interface NormalizeOptions {
  /** Strings that are empty after trimming become null. */
  emptyToNull: boolean;
  /** Strings that are entirely a plain decimal number become numbers. */
  numericStrings: boolean;
  /** Dot paths (object keys; arrays are transparent) whose strings are lower-cased. */
  lowercase: readonly string[];
  uppercase: readonly string[];
  /** Object properties whose value is null (after normalising) are removed. */
  dropNulls: boolean;
}

export type ParsedNormalizeOptions = { ok: true; options: NormalizeOptions } | { ok: false; reason: string };

/**
 * No exponent, sign `+` or leading zeros: `007` and `1e3` are more often codes than quantities,
 * so they stay strings.
 */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export function parseNormalizeOptions(params: Record<string, unknown>): ParsedNormalizeOptions {
  const problems: string[] = [];
  const flag = (name: string, fallback: boolean): boolean => {
    const value = params[name];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    problems.push(`params.${name} must be a boolean`);
    return fallback;
  };
  const paths = (name: string): string[] => {
    const value = params[name];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((p): p is string => typeof p === 'string' && p !== ''))
      return value;
    problems.push(`params.${name} must be an array of dot paths`);
    return [];
  };
  const options: NormalizeOptions = {
    emptyToNull: flag('emptyToNull', true),
    numericStrings: flag('numericStrings', true),
    lowercase: paths('lowercase'),
    uppercase: paths('uppercase'),
    dropNulls: flag('dropNulls', false),
  };
  const both = options.lowercase.filter((p) => options.uppercase.includes(p));
  if (both.length > 0) problems.push(`paths both lower- and upper-cased: ${both.join(', ')}`);
  return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true, options };
}

interface Walk {
  options: NormalizeOptions;
  lower: ReadonlySet<string>;
  upper: ReadonlySet<string>;
}

/** Deterministic clean-up of any JSON value; the input is not modified. */
export function normalize(value: unknown, options: NormalizeOptions): unknown {
  return walk(value, '', {
    options,
    lower: new Set(options.lowercase),
    upper: new Set(options.uppercase),
  });
}

function walk(value: unknown, path: string, w: Walk): unknown {
  if (typeof value === 'string') return normalizeString(value, path, w);
  if (Array.isArray(value)) return value.map((item) => walk(item, path, w));
  if (value !== null && typeof value === 'object') {
    const entries: [string, unknown][] = [];
    for (const [key, child] of Object.entries(value)) {
      const normalized = walk(child, path === '' ? key : `${path}.${key}`, w);
      if (!(w.options.dropNulls && normalized === null)) entries.push([key, normalized]);
    }
    return Object.fromEntries(entries);
  }
  return value;
}

function normalizeString(raw: string, path: string, w: Walk): string | number | null {
  let text = raw.trim().replace(/\s+/g, ' ');
  if (text === '' && w.options.emptyToNull) return null;
  if (w.lower.has(path)) text = text.toLowerCase();
  else if (w.upper.has(path)) text = text.toUpperCase();
  if (w.options.numericStrings) {
    const number = asDecimal(text);
    if (number !== undefined) return number;
  }
  return text;
}

/** The number a decimal string denotes, or undefined; past 2^53 digits would be lost. */
export function asDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER ? number : undefined;
}
