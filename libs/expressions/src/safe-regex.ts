import { RE2JS } from 're2js';
import { LruCache } from '@ensemble/caching';

/** A user pattern that the linear-time engine cannot run (backreference, lookaround, bad syntax). */
export class UnsafePatternError extends Error {
  readonly code = 'UNSAFE_PATTERN';

  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern)} is not supported: ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

const FLAG_BITS = new Map([
  ['i', RE2JS.CASE_INSENSITIVE],
  ['m', RE2JS.MULTILINE],
  ['s', RE2JS.DOTALL],
]);
/** Flags with no effect on which strings match: `g` is honoured through lastIndex, `u`/`d` are implied. */
const NEUTRAL_FLAGS = new Set(['g', 'u', 'd']);
const CACHE_LIMIT = 1_000;
const compiled = new LruCache<string, RE2JS>(CACHE_LIMIT);

function flagBits(pattern: string, flags: string): number {
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAG_BITS.get(flag);
    if (bit !== undefined) bits |= bit;
    else if (!NEUTRAL_FLAGS.has(flag))
      throw new UnsafePatternError(pattern, `flag "${flag}" is not supported`);
  }
  return bits;
}

/** Compiles a JavaScript-syntax pattern for RE2, once per pattern and flags. */
export function compileSafePattern(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), flagBits(pattern, flags));
  } catch (error) {
    if (error instanceof UnsafePatternError) throw error;
    throw new UnsafePatternError(pattern, error instanceof Error ? error.message : String(error));
  }
  compiled.set(key, re);
  return re;
}

/** Why RE2 cannot take `pattern`, or undefined when it can. */
export function patternProblem(pattern: string, flags = ''): string | undefined {
  try {
    compileSafePattern(pattern, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * A RegExp look-alike on RE2: the `RegexEngine` JSONata constructs from a regex literal, the
 * `code.regExp` of ajv, and the matcher of rule and FEEL patterns. Matching time is linear in the
 * input; `exec` follows RegExp semantics for `lastIndex` when the pattern is global.
 */
export class SafeRegExp {
  readonly source: string;
  readonly flags: string;
  readonly global: boolean;
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(pattern: string | RegExp, flags?: string) {
    this.source = typeof pattern === 'string' ? pattern : pattern.source;
    this.flags = flags ?? (typeof pattern === 'string' ? '' : pattern.flags);
    this.global = this.flags.includes('g');
    this.re = compileSafePattern(this.source, this.flags);
  }

  test(input: string): boolean {
    return this.exec(input) !== null;
  }

  exec(input: string): RegExpExecArray | null {
    const from = this.global ? this.lastIndex : 0;
    const matcher = this.re.matcher(input);
    if (from > input.length || !matcher.find(from)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let group = 0; group <= matcher.groupCount(); group++)
      groups.push(matcher.group(group) ?? undefined);
    const match = Object.assign(groups, { index: matcher.start(), input }) as unknown as RegExpExecArray;
    if (this.global) this.lastIndex = matcher.end();
    return match;
  }
}
