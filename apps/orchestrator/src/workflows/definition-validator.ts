import {
  CAPABILITY_PATTERN,
  STEP_ID_PATTERN,
  type StepDefinition,
  type WorkflowDefinition,
} from '@ensemble/contracts';
import { compileExpression, ExpressionError } from '../engine/expressions';
import { compileSchema } from '../engine/input-schema';
import { checkSchemaPatterns } from './schema-patterns';

export interface DefinitionProblem {
  path: string;
  message: string;
}

export type DefinitionCheck =
  { ok: true; definition: WorkflowDefinition } | { ok: false; problems: DefinitionProblem[] };

type Fields = Record<string, unknown>;
type Report = (path: string, message: string) => void;

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const MAX_STEPS = 200;
const TOP_KEYS = ['name', 'description', 'inputSchema', 'steps', 'output'];
const TASK_KEYS = ['capability', 'action', 'input', 'params'];
const STEP_KEYS = [...TASK_KEYS, 'id', 'dependsOn', 'when', 'retry', 'timeoutMs', 'onFailure', 'compensate'];
const RETRY_KEYS = ['maxAttempts', 'backoff', 'initialDelayMs', 'maxDelayMs', 'jitter', 'nonRetryableErrors'];
const ON_FAILURE = ['fail', 'continue', 'compensate'];
const BACKOFF = ['fixed', 'exponential'];

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(fields: Fields, allowed: string[], path: string, report: Report): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) report(path === '' ? key : `${path}.${key}`, 'unknown field');
  }
}

function checkString(value: unknown, path: string, report: Report, required = false): value is string {
  if (value === undefined) {
    if (required) report(path, 'is required');
    return false;
  }
  if (typeof value === 'string') return true;
  report(path, 'must be a string');
  return false;
}

function checkPattern(value: unknown, path: string, pattern: RegExp, hint: string, report: Report): void {
  if (checkString(value, path, report, true) && !pattern.test(value)) report(path, `must be ${hint}`);
}

function checkExpression(value: unknown, path: string, report: Report): void {
  if (!checkString(value, path, report)) return;
  try {
    compileExpression(value);
  } catch (failure) {
    report(path, failure instanceof ExpressionError ? failure.message : String(failure));
  }
}

function checkInteger(value: unknown, path: string, min: number, max: number, report: Report): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'number' || !Number.isInteger(value)) report(path, 'must be an integer');
  else if (value < min || value > max) report(path, `must be between ${min} and ${max}`);
  else return true;
  return false;
}

function checkOneOf(value: unknown, path: string, allowed: string[], report: Report): void {
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value)))
    report(path, `must be one of ${allowed.join(', ')}`);
}

function checkTask(task: Fields, path: string, report: Report): void {
  const hint = 'dot-separated lowercase names of letters, digits and "-" (e.g. "data.transform")';
  checkPattern(task.capability, `${path}.capability`, CAPABILITY_PATTERN, hint, report);
  checkString(task.action, `${path}.action`, report);
  checkExpression(task.input, `${path}.input`, report);
  if (task.params !== undefined && !isFields(task.params)) report(`${path}.params`, 'must be an object');
}

function checkCompensate(value: unknown, path: string, report: Report): void {
  if (value === undefined) return;
  if (!isFields(value)) {
    report(path, 'must be an object');
    return;
  }
  checkKeys(value, TASK_KEYS, path, report);
  checkTask(value, path, report);
}

function checkRetry(value: unknown, path: string, report: Report): void {
  if (value === undefined) return;
  if (!isFields(value)) {
    report(path, 'must be an object');
    return;
  }
  checkKeys(value, RETRY_KEYS, path, report);
  if (value.maxAttempts === undefined) report(`${path}.maxAttempts`, 'is required');
  checkInteger(value.maxAttempts, `${path}.maxAttempts`, 1, 100, report);
  checkOneOf(value.backoff, `${path}.backoff`, BACKOFF, report);
  const initialOk = checkInteger(value.initialDelayMs, `${path}.initialDelayMs`, 0, 3_600_000, report);
  const maxOk = checkInteger(value.maxDelayMs, `${path}.maxDelayMs`, 0, 86_400_000, report);
  if (initialOk && maxOk && Number(value.maxDelayMs) < Number(value.initialDelayMs))
    report(`${path}.maxDelayMs`, 'must not be less than initialDelayMs');
  if (value.jitter !== undefined && typeof value.jitter !== 'boolean')
    report(`${path}.jitter`, 'must be a boolean');
  const codes = value.nonRetryableErrors;
  if (codes !== undefined && (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')))
    report(`${path}.nonRetryableErrors`, 'must be an array of error codes (strings)');
}

function checkDependsOn(
  value: unknown,
  selfId: unknown,
  path: string,
  ids: Set<string>,
  report: Report,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    report(path, 'must be an array of step ids');
    return;
  }
  const seen = new Set<string>();
  value.forEach((dependency: unknown, j) => {
    const at = `${path}[${j}]`;
    if (typeof dependency !== 'string') report(at, 'must be a step id (string)');
    else if (dependency === selfId) report(at, 'a step cannot depend on itself');
    else if (!ids.has(dependency)) report(at, `dangling dependency: no step has id "${dependency}"`);
    else if (seen.has(dependency)) report(at, `duplicate dependency "${dependency}"`);
    seen.add(String(dependency));
  });
}

function checkId(value: unknown, path: string, seen: Set<string>, report: Report): void {
  const hint = 'a letter followed by up to 63 letters, digits, "_" or "-"';
  checkPattern(value, path, STEP_ID_PATTERN, hint, report);
  if (typeof value !== 'string') return;
  if (seen.has(value)) report(path, `duplicate step id "${value}"`);
  seen.add(value);
}

function checkStep(raw: unknown, path: string, ids: Set<string>, seen: Set<string>, report: Report): void {
  if (!isFields(raw)) {
    report(path, 'must be an object');
    return;
  }
  checkKeys(raw, STEP_KEYS, path, report);
  checkId(raw.id, `${path}.id`, seen, report);
  checkTask(raw, path, report);
  checkExpression(raw.when, `${path}.when`, report);
  checkDependsOn(raw.dependsOn, raw.id, `${path}.dependsOn`, ids, report);
  checkRetry(raw.retry, `${path}.retry`, report);
  checkInteger(raw.timeoutMs, `${path}.timeoutMs`, 100, 86_400_000, report);
  checkOneOf(raw.onFailure, `${path}.onFailure`, ON_FAILURE, report);
  checkCompensate(raw.compensate, `${path}.compensate`, report);
}

/** Dependency edges between distinct known steps; the first step with an id owns it. */
function dependencyGraph(steps: unknown[]): Map<string, string[]> {
  const declared = new Map<string, unknown[]>();
  for (const step of steps)
    if (isFields(step) && typeof step.id === 'string' && !declared.has(step.id))
      declared.set(step.id, Array.isArray(step.dependsOn) ? step.dependsOn : []);
  const graph = new Map<string, string[]>();
  for (const [id, deps] of declared)
    graph.set(
      id,
      [...new Set(deps)].filter((d) => typeof d === 'string' && d !== id && declared.has(d)) as string[],
    );
  return graph;
}

/** Tarjan's algorithm: each strongly connected component of the graph. */
function components(graph: Map<string, string[]>): string[][] {
  const marks = new Map<string, { index: number; low: number }>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): { index: number; low: number } => {
    const mark = { index: marks.size, low: marks.size };
    marks.set(node, mark);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = marks.get(next);
      if (seen === undefined) mark.low = Math.min(mark.low, visit(next).low);
      else if (stack.includes(next)) mark.low = Math.min(mark.low, seen.index);
    }
    if (mark.low === mark.index) found.push(stack.splice(stack.indexOf(node)));
    return mark;
  };
  for (const node of graph.keys()) if (!marks.has(node)) visit(node);
  return found;
}

/** A shortest cycle through `start` inside its component, as `start, ..., start`. */
function cycleThrough(start: string, members: Set<string>, graph: Map<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (const node of queue) {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path: string[] = [];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = parent.get(at))
          path.unshift(at);
        return [start, ...path, start];
      }
      if (members.has(next) && !parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** One cycle per group of mutually dependent steps, each from its first-declared member. */
function dependencyCycles(steps: unknown[]): string[][] {
  const graph = dependencyGraph(steps);
  const declared = [...graph.keys()];
  const rank = (id: string): number => declared.indexOf(id);
  return components(graph)
    .filter((members) => members.length > 1)
    .map((members) => {
      const start = members.reduce((first, id) => (rank(id) < rank(first) ? id : first));
      return cycleThrough(start, new Set(members), graph);
    })
    .sort((a, b) => rank(a[0]) - rank(b[0]));
}

function checkSteps(value: unknown, report: Report): void {
  if (!Array.isArray(value)) {
    report('steps', value === undefined ? 'is required' : 'must be an array');
    return;
  }
  if (value.length === 0) report('steps', 'must contain at least one step');
  if (value.length > MAX_STEPS) report('steps', `must contain at most ${MAX_STEPS} steps`);
  const steps: unknown[] = value;
  const ids = new Set(
    steps.flatMap((step) => (isFields(step) && typeof step.id === 'string' ? [step.id] : [])),
  );
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    checkStep(step, `steps[${i}]`, ids, seen, report);
  });
  if (steps.length > MAX_STEPS) return;
  for (const cycle of dependencyCycles(steps)) report('steps', `dependency cycle: ${cycle.join(' -> ')}`);
}

function checkInputSchema(value: unknown, report: Report): void {
  if (value === undefined) return;
  if (!isFields(value)) {
    report('inputSchema', 'must be a JSON Schema object');
    return;
  }
  if (!checkSchemaPatterns(value, 'inputSchema', report)) return;
  try {
    compileSchema(value);
  } catch (failure) {
    const message = failure instanceof Error ? failure.message : String(failure);
    report('inputSchema', `is not a valid JSON Schema: ${message}`);
  }
}

/** Checks a submitted definition completely, naming the exact location of every problem. */
export function validateDefinition(raw: unknown): DefinitionCheck {
  if (!isFields(raw)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  const problems: DefinitionProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  checkKeys(raw, TOP_KEYS, '', report);
  checkPattern(
    raw.name,
    'name',
    NAME_PATTERN,
    '1-63 lowercase letters, digits or "-", starting with a letter',
    report,
  );
  checkString(raw.description, 'description', report);
  checkSteps(raw.steps, report);
  checkExpression(raw.output, 'output', report);
  checkInputSchema(raw.inputSchema, report);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, definition: raw as unknown as WorkflowDefinition };
}

/** Step ids in an order where every step follows its dependencies; ties keep declaration order. */
export function topologicalOrder(steps: StepDefinition[]): string[] {
  const known = new Set(steps.map((step) => step.id));
  const done = new Set<string>();
  const order: string[] = [];
  const pending = [...steps];
  while (pending.length > 0) {
    const next = pending.findIndex((step) =>
      (step.dependsOn ?? []).every((dependency) => done.has(dependency) || !known.has(dependency)),
    );
    if (next < 0)
      throw new Error(`steps ${pending.map((step) => step.id).join(', ')} form a dependency cycle`);
    const [step] = pending.splice(next, 1);
    done.add(step.id);
    order.push(step.id);
  }
  return order;
}
