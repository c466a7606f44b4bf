import { WORKFLOW_LIMITS, type StepDefinition, type WorkflowDefinition } from '@ensemble/contracts';

/** A small seeded generator (mulberry32): the same seed gives the same definitions. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], the bounds themselves drawn more often than the rest. */
  int(min: number, max: number): number {
    const roll = this.next();
    if (roll < 0.15) return min;
    if (roll < 0.3) return max;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One character (code point) of `alphabet`. */
  char(alphabet: string): string {
    return this.pick(Array.from(alphabet));
  }

  text(alphabet: string, min: number, max: number): string {
    return Array.from({ length: this.int(min, max) }, () => this.char(alphabet)).join('');
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ANY_TEXT = `${LOWER}ABC xyz-_.{}[]"'\\é€😀`;
const EXPRESSIONS = [
  'input',
  'input.order.amount > 0',
  '$count(steps)',
  '{ "a": input.x }',
  'steps.a.output',
];
const INPUT_SCHEMAS = [
  { type: 'object' },
  { type: 'object', required: ['order'], properties: { order: { type: 'object' } } },
  { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{2}$' } } },
];

export interface GeneratedDefinition {
  definition: WorkflowDefinition;
  /** What the generator broke on purpose that no schema can see; empty when nothing. */
  flaws: ('cycle' | 'dangling' | 'delays')[];
}

function capability(random: Random): string {
  const part = (): string => random.char(LOWER) + random.text(`${LOWER}${DIGITS}-`, 0, 10);
  return Array.from({ length: random.int(1, 3) }, part).join('.');
}

function stepId(random: Random, index: number): string {
  // The index after the only "-" keeps ids distinct.
  return `${random.char(`${LOWER}ABC`)}${random.text(`${LOWER}${DIGITS}_`, 0, 8)}-${index}`;
}

function task(random: Random): Pick<StepDefinition, 'capability' | 'action' | 'input' | 'params'> {
  return {
    capability: capability(random),
    ...(random.chance(0.5) ? { action: random.text(ANY_TEXT, 0, 12) } : {}),
    ...(random.chance(0.5) ? { input: random.pick(EXPRESSIONS) } : {}),
    ...(random.chance(0.5)
      ? { params: { [random.pick(['constructor', 'rules', 'x'])]: random.text(ANY_TEXT, 0, 5), n: 1 } }
      : {}),
  };
}

function retry(random: Random, flaws: GeneratedDefinition['flaws']): StepDefinition['retry'] {
  const initialDelayMs = random.int(0, WORKFLOW_LIMITS.maxInitialDelayMs);
  const bad = initialDelayMs > 0 && random.chance(0.05);
  if (bad) flaws.push('delays');
  return {
    maxAttempts: random.int(1, WORKFLOW_LIMITS.maxAttempts),
    ...(random.chance(0.5) ? { backoff: random.pick(['fixed', 'exponential'] as const) } : {}),
    ...(random.chance(0.7) || bad ? { initialDelayMs } : {}),
    ...(random.chance(0.5) || bad
      ? { maxDelayMs: bad ? initialDelayMs - 1 : random.int(initialDelayMs, WORKFLOW_LIMITS.maxDelayMs) }
      : {}),
    ...(random.chance(0.3) ? { jitter: random.chance(0.5) } : {}),
    ...(random.chance(0.3) ? { nonRetryableErrors: ['INVALID_INPUT', random.text(ANY_TEXT, 0, 6)] } : {}),
  };
}

/**
 * A random definition the workflow definition schema accepts. Dependencies point at earlier steps
 * (a DAG) unless the generator adds a cycle or a dangling reference on purpose, and says so.
 */
export function randomDefinition(random: Random): GeneratedDefinition {
  const flaws: GeneratedDefinition['flaws'] = [];
  const count = random.chance(0.1) ? WORKFLOW_LIMITS.maxSteps : random.int(1, 12);
  const ids = Array.from({ length: count }, (_, i) => stepId(random, i));
  const steps: StepDefinition[] = ids.map((id, i) => {
    const earlier = ids.slice(0, i).filter(() => random.chance(0.3));
    return {
      id,
      ...task(random),
      ...(earlier.length > 0 ? { dependsOn: earlier } : {}),
      ...(random.chance(0.3) ? { when: random.pick(EXPRESSIONS) } : {}),
      ...(random.chance(0.5) ? { retry: retry(random, flaws) } : {}),
      ...(random.chance(0.5)
        ? { timeoutMs: random.int(WORKFLOW_LIMITS.minTimeoutMs, WORKFLOW_LIMITS.maxTimeoutMs) }
        : {}),
      ...(random.chance(0.3) ? { onFailure: random.pick(['fail', 'continue', 'compensate'] as const) } : {}),
      ...(random.chance(0.2) ? { compensate: task(random) } : {}),
    };
  });
  if (count > 1 && random.chance(0.1)) {
    steps[0].dependsOn = [ids[count - 1]];
    flaws.push('cycle');
  }
  if (random.chance(0.1)) {
    steps[count - 1].dependsOn = [...(steps[count - 1].dependsOn ?? []), 'ghost'];
    flaws.push('dangling');
  }
  const definition: WorkflowDefinition = {
    name: random.char(LOWER) + random.text(`${LOWER}${DIGITS}-`, 0, 62),
    steps,
    ...(random.chance(0.5) ? { description: random.text(ANY_TEXT, 0, 40) } : {}),
    ...(random.chance(0.5) ? { inputSchema: random.pick(INPUT_SCHEMAS) } : {}),
    ...(random.chance(0.5) ? { output: random.pick(EXPRESSIONS) } : {}),
  };
  return { definition, flaws };
}
