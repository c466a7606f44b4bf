import type { DecisionError } from './decision-error';
import { applyHitPolicy } from './hit-policy';
import type { CompiledRule, CompiledTable } from './table-compiler';

/** Rules whose outputs are given directly: rule i outputs `rows[i]`. */
function table(
  hitPolicy: CompiledTable['hitPolicy'],
  rows: Record<string, unknown>[],
  extra: Partial<CompiledTable> = {},
): { table: CompiledTable; rules: CompiledRule[]; outputsOf: (rule: CompiledRule) => never } {
  const rules = rows.map((_, index) => ({ index, tests: [], outputs: [] }));
  return {
    table: { hitPolicy, inputs: [], outputNames: ['out'], ranks: [undefined], rules, ...extra },
    rules,
    outputsOf: (rule) => rows[rule.index] as never,
  };
}

function thrown(fn: () => unknown): DecisionError {
  try {
    fn();
  } catch (error) {
    return error as DecisionError;
  }
  throw new Error('expected a DecisionError');
}

const priorities = (...values: string[]): Map<string, number> =>
  new Map(values.map((value, rank) => [JSON.stringify(value), rank]));

describe('applyHitPolicy', () => {
  it('UNIQUE: refuses two matches, naming them', () => {
    const t = table('UNIQUE', [{ out: 'a' }, { out: 'b' }, { out: 'c' }]);
    const error = thrown(() => applyHitPolicy(t.table, [t.rules[0], t.rules[2]], t.outputsOf));
    expect(error.code).toBe('DECISION_HIT_POLICY_VIOLATION');
    expect(error.message).toBe('hit policy UNIQUE allows one matching rule, but rules 0, 2 matched');
    expect(error.details).toEqual({ matchedRules: [0, 2] });
  });

  it('FIRST: the first match wins even when a later one ranks higher', () => {
    const t = table('FIRST', [{ out: 'low' }, { out: 'high' }], { ranks: [priorities('high', 'low')] });
    expect(applyHitPolicy(t.table, t.rules, t.outputsOf)).toEqual({
      hitPolicy: 'FIRST',
      result: { out: 'low' },
      matchedRules: [{ index: 0 }],
    });
  });

  it('PRIORITY: keeps the best-ranked match over later, lower-ranked ones', () => {
    const t = table('PRIORITY', [{ out: 'medium' }, { out: 'low' }, { out: 'high' }, { out: 'low' }], {
      ranks: [priorities('high', 'medium', 'low')],
    });
    const [medium, low, high, lowAgain] = t.rules as [CompiledRule, CompiledRule, CompiledRule, CompiledRule];
    expect(applyHitPolicy(t.table, [medium, low], t.outputsOf).result).toEqual({ out: 'medium' });
    expect(applyHitPolicy(t.table, [low, high, lowAgain], t.outputsOf).result).toEqual({ out: 'high' });
    expect(applyHitPolicy(t.table, [low, lowAgain], t.outputsOf).matchedRules).toEqual([{ index: 1 }]);
  });

  it('ANY: refuses matches that disagree, naming them', () => {
    const t = table('ANY', [{ out: 'a' }, { out: 'a' }, { out: 'b' }]);
    expect(applyHitPolicy(t.table, [t.rules[0], t.rules[1]], t.outputsOf).result).toEqual({ out: 'a' });
    const error = thrown(() => applyHitPolicy(t.table, t.rules, t.outputsOf));
    expect(error.message).toBe('hit policy ANY needs matching rules to agree, but rules 0, 1, 2 differ');
  });

  it.each<[CompiledTable['aggregation'], unknown]>([
    ['SUM', 6],
    ['MIN', 1],
    ['MAX', 3],
    ['COUNT', 4],
  ])('COLLECT %s aggregates numbers and skips nulls', (aggregation, expected) => {
    const t = table('COLLECT', [{ out: 2 }, { out: null }, { out: 1 }, { out: 3 }], { aggregation });
    expect(applyHitPolicy(t.table, t.rules, t.outputsOf).result).toBe(expected);
  });

  it.each<[CompiledTable['aggregation'], unknown]>([
    ['SUM', 0],
    ['MIN', null],
    ['MAX', null],
  ])('COLLECT %s of nothing is %p', (aggregation, expected) => {
    const t = table('COLLECT', [{ out: null }], { aggregation });
    expect(applyHitPolicy(t.table, t.rules, t.outputsOf).result).toBe(expected);
  });

  it('COLLECT with an aggregation refuses a non-number, naming the rule', () => {
    const t = table('COLLECT', [{ out: 1 }, { out: '2' }], { aggregation: 'SUM' });
    const error = thrown(() => applyHitPolicy(t.table, t.rules, t.outputsOf));
    expect(error.code).toBe('INVALID_DECISION_OUTPUT');
    expect(error.message).toBe('COLLECT SUM needs numbers, but rules[1] gave "2"');
    expect(error.details).toEqual({ rule: 1, output: 'out' });
  });

  it('names matched rules by index, and by id where the rule has one', () => {
    const t = table('COLLECT', [{ out: 1 }, { out: 2 }]);
    const rules = [t.rules[0], { ...t.rules[1], id: 'second' }];
    // Strict: a rule without an id has no `id` key at all, not `id: undefined`.
    expect(applyHitPolicy(t.table, rules, t.outputsOf)).toStrictEqual({
      hitPolicy: 'COLLECT',
      result: [{ out: 1 }, { out: 2 }],
      matchedRules: [{ index: 0 }, { index: 1, id: 'second' }],
    });
  });
});
