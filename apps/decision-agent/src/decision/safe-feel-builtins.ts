import { compileSafePattern, SafeRegExp } from '@ensemble/expressions';

/**
 * FEEL's regex builtins on RE2 (linear time). feelin looks a name up in the context before its
 * builtins, so these shadow `matches`, `replace` and `split` when placed last in the context.
 * Wrong argument types give null, as the builtins do; a pattern RE2 cannot run throws.
 */
export const SAFE_FEEL_BUILTINS = {
  matches: (input: unknown, pattern: unknown, flags: unknown): boolean | null => {
    if (typeof input !== 'string' || typeof pattern !== 'string') return null;
    return new SafeRegExp(pattern, flagsOf(flags)).test(input);
  },
  replace: (input: unknown, pattern: unknown, replacement: unknown, flags: unknown): string | null => {
    if (typeof input !== 'string' || typeof pattern !== 'string' || typeof replacement !== 'string')
      return null;
    return compileSafePattern(pattern, flagsOf(flags))
      .matcher(input)
      .replaceAll(replacement.replace(/\$0/g, '$$&'));
  },
  split: (input: unknown, delimiter: unknown): string[] | null => {
    if (typeof input !== 'string' || typeof delimiter !== 'string') return null;
    return compileSafePattern(delimiter).split(input, -1);
  },
};

function flagsOf(flags: unknown): string {
  return typeof flags === 'string' ? flags : '';
}
