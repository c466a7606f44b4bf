import { decisionTableProblems } from '@ensemble/contracts';
import type { DecisionInput, DecisionOutput, DecisionTable, TableProblem } from './decision-table';
import { expressionProblem, isAnyEntry, unaryTestsProblem } from './feel';

export type TableCheck = { ok: true; table: DecisionTable } | { ok: false; problems: TableProblem[] };

/**
 * Checks a table completely, reporting every problem with its path so a client can fix them all
 * at once: first its shape against the one decision table schema of `@ensemble/contracts` (the
 * gateway's contract too), then what a schema cannot say (entry counts, unique names and ids,
 * the hit policy's needs, every FEEL entry parses).
 */
export function checkTable(raw: unknown): TableCheck {
  const shape = decisionTableProblems(raw);
  if (shape.length > 0) return { ok: false, problems: shape };
  const table = raw as DecisionTable;
  const problems: TableProblem[] = [];
  checkPolicy(table, problems);
  checkInputs(table.inputs, problems);
  checkOutputs(table.outputs, problems);
  checkRules(table, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, table };
}

/** `rules[2].inputEntries[1]: is not a valid FEEL …`, plus how many more problems there are. */
export function describeProblems(problems: TableProblem[]): string {
  const first = problems.at(0);
  if (first === undefined) return 'no problems';
  const head = `${first.path || 'table'} ${first.message}`;
  return problems.length > 1 ? `${head} (and ${problems.length - 1} more problems)` : head;
}

function checkPolicy({ hitPolicy, aggregation, outputs }: DecisionTable, problems: TableProblem[]): void {
  if (aggregation !== undefined) {
    if (hitPolicy !== 'COLLECT')
      problems.push({ path: 'aggregation', message: 'is allowed only with hit policy COLLECT' });
    else if (outputs.length !== 1)
      problems.push({ path: 'aggregation', message: 'needs a table with exactly one output' });
  }
  if (hitPolicy === 'PRIORITY' && !outputs.some((output) => (output.priorities ?? []).length > 0))
    problems.push({
      path: 'outputs',
      message: 'needs priorities on at least one output for hit policy PRIORITY',
    });
}

function checkInputs(inputs: DecisionInput[], problems: TableProblem[]): void {
  inputs.forEach((input, i) => {
    pushIf(problems, `inputs[${i}].expression`, expressionProblem(input.expression));
  });
}

function checkOutputs(outputs: DecisionOutput[], problems: TableProblem[]): void {
  const names = new Set<string>();
  outputs.forEach((output, i) => {
    if (names.has(output.name))
      problems.push({ path: `outputs[${i}].name`, message: `repeats the output name "${output.name}"` });
    names.add(output.name);
  });
}

function checkRules(table: DecisionTable, problems: TableProblem[]): void {
  const ids = new Set<string>();
  table.rules.forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (rule.id !== undefined) {
      if (ids.has(rule.id))
        problems.push({ path: `${path}.id`, message: `repeats the rule id "${rule.id}"` });
      ids.add(rule.id);
    }
    checkEntries(rule.inputEntries, `${path}.inputEntries`, table.inputs.length, 'input', problems);
    checkEntries(rule.outputEntries, `${path}.outputEntries`, table.outputs.length, 'output', problems);
  });
}

function checkEntries(
  entries: string[],
  path: string,
  expected: number,
  kind: 'input' | 'output',
  problems: TableProblem[],
): void {
  if (entries.length !== expected)
    problems.push({ path, message: `has ${entries.length} entries but the table has ${expected} ${kind}s` });
  entries.forEach((entry, j) => {
    const at = `${path}[${j}]`;
    if (kind === 'output') pushIf(problems, at, expressionProblem(entry));
    else if (!isAnyEntry(entry)) pushIf(problems, at, unaryTestsProblem(entry));
  });
}

function pushIf(problems: TableProblem[], path: string, message: string | null): void {
  if (message !== null) problems.push({ path, message });
}
