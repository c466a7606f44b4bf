import { AGGREGATIONS, HIT_POLICIES, type DecisionTable, type TableProblem } from './decision-table';
import { expressionProblem, isAnyEntry, unaryTestsProblem } from './feel';

export type TableCheck = { ok: true; table: DecisionTable } | { ok: false; problems: TableProblem[] };

type RawObject = Record<string, unknown>;

/**
 * Checks a table completely (shape, entry counts, every FEEL entry parses) and reports every
 * problem with its path, so a client can fix them all at once.
 */
export function checkTable(raw: unknown): TableCheck {
  if (!isObject(raw)) return { ok: false, problems: [{ path: '', message: 'must be an object' }] };
  const problems: TableProblem[] = [];
  checkPolicy(raw, problems);
  const inputCount = checkInputs(raw.inputs, problems);
  const outputCount = checkOutputs(raw.outputs, problems);
  checkRules(raw.rules, inputCount, outputCount, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: raw as unknown as DecisionTable };
}

/** `rules[2].inputEntries[1]: is not a valid FEEL …`, plus how many more problems there are. */
export function describeProblems(problems: TableProblem[]): string {
  const first = problems.at(0);
  if (first === undefined) return 'no problems';
  const head = `${first.path || 'table'} ${first.message}`;
  return problems.length > 1 ? `${head} (and ${problems.length - 1} more problems)` : head;
}

function checkPolicy(raw: RawObject, problems: TableProblem[]): void {
  const { hitPolicy, aggregation, outputs } = raw;
  if (!isOneOf(hitPolicy, HIT_POLICIES))
    problems.push({ path: 'hitPolicy', message: `must be one of ${HIT_POLICIES.join(', ')}` });
  if (aggregation !== undefined) {
    if (!isOneOf(aggregation, AGGREGATIONS))
      problems.push({ path: 'aggregation', message: `must be one of ${AGGREGATIONS.join(', ')}` });
    else if (hitPolicy !== 'COLLECT')
      problems.push({ path: 'aggregation', message: 'is allowed only with hit policy COLLECT' });
    else if (Array.isArray(outputs) && outputs.length !== 1)
      problems.push({ path: 'aggregation', message: 'needs a table with exactly one output' });
  }
  if (hitPolicy === 'PRIORITY' && Array.isArray(outputs) && !outputs.some(hasPriorities))
    problems.push({
      path: 'outputs',
      message: 'needs priorities on at least one output for hit policy PRIORITY',
    });
}

function checkInputs(inputs: unknown, problems: TableProblem[]): number | undefined {
  if (!Array.isArray(inputs)) {
    problems.push({ path: 'inputs', message: 'must be an array' });
    return undefined;
  }
  for (const [i, input] of inputs.entries()) {
    const path = `inputs[${i}]`;
    if (!isObject(input)) {
      problems.push({ path, message: 'must be an object' });
      continue;
    }
    optionalStrings(input, ['id', 'label'], path, problems);
    if (typeof input.expression !== 'string')
      problems.push({ path: `${path}.expression`, message: 'must be a string' });
    else pushIf(problems, `${path}.expression`, expressionProblem(input.expression));
  }
  return inputs.length;
}

function checkOutputs(outputs: unknown, problems: TableProblem[]): number | undefined {
  if (!Array.isArray(outputs) || outputs.length === 0) {
    problems.push({ path: 'outputs', message: 'must be a non-empty array' });
    return Array.isArray(outputs) ? 0 : undefined;
  }
  const names = new Set<string>();
  for (const [i, output] of outputs.entries()) {
    const path = `outputs[${i}]`;
    if (!isObject(output)) {
      problems.push({ path, message: 'must be an object' });
      continue;
    }
    if (typeof output.name !== 'string' || output.name.trim() === '')
      problems.push({ path: `${path}.name`, message: 'must be a non-empty string' });
    else if (names.has(output.name))
      problems.push({ path: `${path}.name`, message: `repeats the output name "${output.name}"` });
    else names.add(output.name);
    if (output.priorities !== undefined && !Array.isArray(output.priorities))
      problems.push({ path: `${path}.priorities`, message: 'must be an array of output values' });
  }
  return outputs.length;
}

function checkRules(
  rules: unknown,
  inputCount: number | undefined,
  outputCount: number | undefined,
  problems: TableProblem[],
): void {
  if (!Array.isArray(rules) || rules.length === 0) {
    problems.push({ path: 'rules', message: 'must be a non-empty array' });
    return;
  }
  const ids = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const path = `rules[${i}]`;
    if (!isObject(rule)) {
      problems.push({ path, message: 'must be an object' });
      continue;
    }
    optionalStrings(rule, ['id', 'description'], path, problems);
    if (typeof rule.id === 'string') {
      if (ids.has(rule.id))
        problems.push({ path: `${path}.id`, message: `repeats the rule id "${rule.id}"` });
      ids.add(rule.id);
    }
    checkEntries(rule.inputEntries, `${path}.inputEntries`, inputCount, 'input', problems);
    checkEntries(rule.outputEntries, `${path}.outputEntries`, outputCount, 'output', problems);
  }
}

function checkEntries(
  entries: unknown,
  path: string,
  expected: number | undefined,
  kind: 'input' | 'output',
  problems: TableProblem[],
): void {
  if (!Array.isArray(entries)) {
    problems.push({ path, message: 'must be an array of strings' });
    return;
  }
  if (expected !== undefined && entries.length !== expected)
    problems.push({ path, message: `has ${entries.length} entries but the table has ${expected} ${kind}s` });
  for (const [j, entry] of entries.entries()) {
    const at = `${path}[${j}]`;
    if (typeof entry !== 'string') problems.push({ path: at, message: 'must be a string' });
    else if (kind === 'output') pushIf(problems, at, expressionProblem(entry));
    else if (!isAnyEntry(entry)) pushIf(problems, at, unaryTestsProblem(entry));
  }
}

function optionalStrings(raw: RawObject, keys: string[], path: string, problems: TableProblem[]): void {
  for (const key of keys)
    if (raw[key] !== undefined && typeof raw[key] !== 'string')
      problems.push({ path: `${path}.${key}`, message: 'must be a string' });
}

function pushIf(problems: TableProblem[], path: string, message: string | null): void {
  if (message !== null) problems.push({ path, message });
}

function hasPriorities(output: unknown): boolean {
  return isObject(output) && Array.isArray(output.priorities) && output.priorities.length > 0;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
