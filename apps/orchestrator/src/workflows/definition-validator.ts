import {
  workflowDefinitionProblems,
  type FieldProblem,
  type RetryPolicy,
  type StepDefinition,
  type WorkflowDefinition,
} from '@ensemble/contracts';
import { compileExpression, ExpressionError } from '../engine/expressions';
import { compileSchema } from '../engine/input-schema';
import { checkSchemaPatterns } from './schema-patterns';

export type DefinitionProblem = FieldProblem;

export type DefinitionCheck =
  { ok: true; definition: WorkflowDefinition } | { ok: false; problems: DefinitionProblem[] };

type Report = (path: string, message: string) => void;

function checkExpression(value: string | undefined, path: string, report: Report): void {
  if (value === undefined) return;
  try {
    compileExpression(value);
  } catch (failure) {
    report(path, failure instanceof ExpressionError ? failure.message : String(failure));
  }
}

function checkRetry(retry: RetryPolicy | undefined, path: string, report: Report): void {
  const { initialDelayMs, maxDelayMs } = retry ?? {};
  if (initialDelayMs !== undefined && maxDelayMs !== undefined && maxDelayMs < initialDelayMs)
    report(`${path}.maxDelayMs`, 'must not be less than initialDelayMs');
}

function checkDependsOn(step: StepDefinition, path: string, ids: Set<string>, report: Report): void {
  (step.dependsOn ?? []).forEach((dependency, j) => {
    const at = `${path}[${j}]`;
    if (dependency === step.id) report(at, 'a step cannot depend on itself');
    else if (!ids.has(dependency)) report(at, `dangling dependency: no step has id "${dependency}"`);
  });
}

function checkStep(
  step: StepDefinition,
  path: string,
  ids: Set<string>,
  seen: Set<string>,
  report: Report,
): void {
  if (seen.has(step.id)) report(`${path}.id`, `duplicate step id "${step.id}"`);
  seen.add(step.id);
  checkExpression(step.input, `${path}.input`, report);
  checkExpression(step.when, `${path}.when`, report);
  checkDependsOn(step, `${path}.dependsOn`, ids, report);
  checkRetry(step.retry, `${path}.retry`, report);
  checkExpression(step.compensate?.input, `${path}.compensate.input`, report);
}

/** Dependency edges between distinct known steps; the first step with an id owns it. */
function dependencyGraph(steps: StepDefinition[]): Map<string, string[]> {
  const declared = new Map<string, string[]>();
  for (const step of steps) if (!declared.has(step.id)) declared.set(step.id, step.dependsOn ?? []);
  const graph = new Map<string, string[]>();
  for (const [id, deps] of declared)
    graph.set(
      id,
      deps.filter((d) => d !== id && declared.has(d)),
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
function dependencyCycles(steps: StepDefinition[]): string[][] {
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

function checkSteps(steps: StepDefinition[], report: Report): void {
  const ids = new Set(steps.map((step) => step.id));
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    checkStep(step, `steps[${i}]`, ids, seen, report);
  });
  for (const cycle of dependencyCycles(steps)) report('steps', `dependency cycle: ${cycle.join(' -> ')}`);
}

function checkInputSchema(schema: Record<string, unknown> | undefined, report: Report): void {
  if (schema === undefined) return;
  if (!checkSchemaPatterns(schema, 'inputSchema', report)) return;
  try {
    compileSchema(schema);
  } catch (failure) {
    const message = failure instanceof Error ? failure.message : String(failure);
    report('inputSchema', `is not a valid JSON Schema: ${message}`);
  }
}

/**
 * Checks a submitted definition completely: first its shape against the one workflow definition
 * schema (the gateway's contract too), then what a schema cannot say: unique step ids, references
 * between steps, cycles, expression syntax, delays in order and the input schema itself.
 */
export function validateDefinition(raw: unknown): DefinitionCheck {
  const shape = workflowDefinitionProblems(raw);
  if (shape.length > 0) return { ok: false, problems: shape };
  const definition = raw as WorkflowDefinition;
  const problems: DefinitionProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  checkSteps(definition.steps, report);
  checkExpression(definition.output, 'output', report);
  checkInputSchema(definition.inputSchema, report);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
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
