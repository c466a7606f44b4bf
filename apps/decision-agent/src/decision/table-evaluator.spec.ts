import { DecisionError } from './decision.errors';
import type { DecisionRule, DecisionTable } from './decision-table';
import type { FeelContext } from './feel';
import { compileTable } from './table-compiler';
import { evaluateTable } from './table-evaluator';

function rule(inputEntries: string[], outputEntries: string[], id?: string): DecisionRule {
  return { ...(id === undefined ? {} : { id }), inputEntries, outputEntries };
}

function evaluate(table: DecisionTable, input: FeelContext) {
  return evaluateTable(compileTable(table), input);
}

function failure(run: () => unknown): DecisionError {
  try {
    run();
  } catch (error) {
    if (error instanceof DecisionError) return error;
    throw error;
  }
  throw new Error('expected a DecisionError');
}

const discounts = (hitPolicy: DecisionTable['hitPolicy']): DecisionTable => ({
  hitPolicy,
  inputs: [{ expression: 'customer' }, { expression: 'orderSize' }],
  outputs: [{ name: 'discount' }],
  rules: [
    rule(['"Business"', '< 10'], ['0.1'], 'small'),
    rule(['"Business"', '>= 10'], ['0.15'], 'large'),
    rule(['"Private"', '-'], ['0.05'], 'private'),
  ],
});

const overlapping = (hitPolicy: DecisionTable['hitPolicy'], outputs: string[]): DecisionTable => ({
  hitPolicy,
  inputs: [{ expression: 'score' }],
  outputs: [{ name: 'band', priorities: ['gold', 'silver', 'bronze'] }],
  rules: [rule(['< 0'], ['"none"']), ...outputs.map((output) => rule(['>= 0'], [output]))],
});

describe('evaluateTable', () => {
  describe('UNIQUE', () => {
    it('returns the outputs of the one matching rule as an object', () => {
      expect(evaluate(discounts('UNIQUE'), { customer: 'Business', orderSize: 12 })).toEqual({
        hitPolicy: 'UNIQUE',
        result: { discount: 0.15 },
        matchedRules: [{ index: 1, id: 'large' }],
      });
    });

    it('returns null and no matched rules when no rule matches', () => {
      expect(evaluate(discounts('UNIQUE'), { customer: 'Government', orderSize: 3 })).toEqual({
        hitPolicy: 'UNIQUE',
        result: null,
        matchedRules: [],
      });
    });

    it('rejects a second match as a hit policy violation naming the matched rules', () => {
      const error = failure(() => evaluate(overlapping('UNIQUE', ['"gold"', '"silver"']), { score: 5 }));
      expect(error.code).toBe('DECISION_HIT_POLICY_VIOLATION');
      expect(error.details).toEqual({ matchedRules: [1, 2] });
    });
  });

  describe('FIRST', () => {
    it('takes the first matching rule in table order', () => {
      const result = evaluate(overlapping('FIRST', ['"silver"', '"gold"']), { score: 5 });
      expect(result.result).toEqual({ band: 'silver' });
      expect(result.matchedRules).toEqual([{ index: 1 }]);
    });
  });

  describe('PRIORITY', () => {
    it('picks the matching rule whose output ranks highest in the priorities', () => {
      const result = evaluate(overlapping('PRIORITY', ['"bronze"', '"gold"', '"silver"']), { score: 5 });
      expect(result.result).toEqual({ band: 'gold' });
      expect(result.matchedRules).toEqual([{ index: 2 }]);
    });

    it('ranks values missing from the priorities last and breaks ties by table order', () => {
      const result = evaluate(overlapping('PRIORITY', ['"unlisted"', '"bronze"', '"bronze"']), { score: 5 });
      expect(result.result).toEqual({ band: 'bronze' });
      expect(result.matchedRules).toEqual([{ index: 2 }]);
    });

    it('ranks by the next prioritised output when the first ties', () => {
      const table: DecisionTable = {
        hitPolicy: 'PRIORITY',
        inputs: [{ expression: 'x' }],
        outputs: [
          { name: 'level', priorities: [1, 2] },
          { name: 'tag', priorities: ['a', 'b'] },
        ],
        rules: [rule(['-'], ['2', '"a"']), rule(['-'], ['1', '"b"']), rule(['-'], ['1', '"a"'])],
      };
      expect(evaluate(table, { x: 1 }).result).toEqual({ level: 1, tag: 'a' });
    });
  });

  describe('ANY', () => {
    it('returns the shared output and every matching rule when they agree', () => {
      const result = evaluate(overlapping('ANY', ['"gold"', '"gold"']), { score: 5 });
      expect(result.result).toEqual({ band: 'gold' });
      expect(result.matchedRules).toEqual([{ index: 1 }, { index: 2 }]);
    });

    it('rejects matching rules whose outputs differ', () => {
      const error = failure(() => evaluate(overlapping('ANY', ['"gold"', '"silver"']), { score: 5 }));
      expect(error.code).toBe('DECISION_HIT_POLICY_VIOLATION');
      expect(error.details).toEqual({ matchedRules: [1, 2] });
    });
  });

  describe('COLLECT', () => {
    const fees = (aggregation?: DecisionTable['aggregation'], third = '5'): DecisionTable => ({
      hitPolicy: 'COLLECT',
      ...(aggregation === undefined ? {} : { aggregation }),
      inputs: [{ expression: 'amount' }],
      outputs: [{ name: 'fee' }],
      rules: [
        rule(['> 100'], ['10']),
        rule(['> 1000'], ['25']),
        rule(['>= 0'], [third]),
        rule(['< 0'], ['99']),
      ],
    });

    it('returns every matching row in table order', () => {
      const result = evaluate(fees(), { amount: 2000 });
      expect(result.result).toEqual([{ fee: 10 }, { fee: 25 }, { fee: 5 }]);
      expect(result.matchedRules).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }]);
    });

    it('returns an empty list when nothing matches', () => {
      expect(evaluate(fees(), { amount: null }).result).toEqual([]);
    });

    it.each([
      ['SUM', 40],
      ['MIN', 5],
      ['MAX', 25],
      ['COUNT', 3],
    ] as const)('aggregates the single output with %s', (aggregation, expected) => {
      const result = evaluate(fees(aggregation), { amount: 2000 });
      expect(result.result).toBe(expected);
      expect(result.matchedRules).toHaveLength(3);
    });

    it('sums and counts nothing to 0 and has no minimum of nothing', () => {
      expect(evaluate(fees('SUM'), { amount: null }).result).toBe(0);
      expect(evaluate(fees('COUNT'), { amount: null }).result).toBe(0);
      expect(evaluate(fees('MIN'), { amount: null }).result).toBeNull();
    });

    it('refuses to sum an output that is not a number', () => {
      const error = failure(() => evaluate(fees('SUM', '"five"'), { amount: 50 }));
      expect(error.code).toBe('INVALID_DECISION_OUTPUT');
      expect(error.details).toEqual({ rule: 2, output: 'fee' });
    });
  });

  describe('FEEL', () => {
    const matches = (test: string, value: unknown, context: FeelContext = {}): boolean => {
      const table: DecisionTable = {
        hitPolicy: 'FIRST',
        inputs: [{ expression: 'value' }],
        outputs: [{ name: 'hit' }],
        rules: [rule([test], ['true'])],
      };
      return evaluate(table, { ...context, value }).result !== null;
    };

    it('tests closed and open range boundaries', () => {
      expect(matches('[1..10]', 10)).toBe(true);
      expect(matches('[1..10)', 10)).toBe(false);
      expect(matches(']1..10]', 1)).toBe(false);
      expect(matches('(1..10)', 5)).toBe(true);
    });

    it('tests lists of values', () => {
      expect(matches('"gold","silver"', 'silver')).toBe(true);
      expect(matches('"gold","silver"', 'bronze')).toBe(false);
      expect(matches('1, [5..7]', 6)).toBe(true);
    });

    it('negates a list with not()', () => {
      expect(matches('not("gold","silver")', 'bronze')).toBe(true);
      expect(matches('not("gold","silver")', 'gold')).toBe(false);
    });

    it('matches anything, even a missing value, with - or an empty entry', () => {
      expect(matches('-', undefined)).toBe(true);
      expect(matches('', 'whatever')).toBe(true);
      expect(matches('  -  ', 3)).toBe(true);
    });

    it('compares against other input variables and treats incomparable values as no match', () => {
      expect(matches('< limit', 5, { limit: 10 })).toBe(true);
      expect(matches('< limit', 15, { limit: 10 })).toBe(false);
      expect(matches('> 3', 'text')).toBe(false);
    });

    it('evaluates input and output expressions over the whole input', () => {
      const table: DecisionTable = {
        hitPolicy: 'UNIQUE',
        inputs: [{ expression: 'order.total * 2' }],
        outputs: [{ name: 'greeting' }, { name: 'due' }],
        rules: [rule(['> 100'], ['"Dear " + order.customer', 'date("2024-01-31")'])],
      };
      const result = evaluate(table, { order: { total: 60, customer: 'Ada' } });
      expect(result.result).toEqual({ greeting: 'Dear Ada', due: '2024-01-31' });
    });

    it('reports a FEEL failure with the row and column where it happened', () => {
      const table: DecisionTable = {
        hitPolicy: 'FIRST',
        inputs: [{ expression: 'x' }],
        outputs: [{ name: 'a' }, { name: 'b' }],
        rules: [rule(['-'], ['1', 'if a then 1 else 2'])],
      };
      const error = failure(() => evaluate(table, { x: 1, 'a then': true }));
      expect(error.code).toBe('FEEL_ERROR');
      expect(error.message).toContain('rules[0].outputEntries[1]');
      expect(error.details).toEqual({ path: 'rules[0].outputEntries[1]', row: 0, column: 1 });
    });
  });
});
