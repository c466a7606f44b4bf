import { MAX_DEPTH, parseRules } from './rule-parser';
import type { RuleProblem } from './rule-types';

function containing(text: string): string {
  return expect.stringContaining(text) as string;
}

function problemsOf(raw: unknown): RuleProblem[] {
  const parsed = parseRules(raw);
  if (parsed.ok) throw new Error('expected the rules to be rejected');
  return parsed.problems;
}

const leaf = { path: 'a', op: 'eq', value: 1 };

describe('parseRules', () => {
  it('accepts the original format and the richer one', () => {
    const parsed = parseRules([
      { id: 'old', message: 'm', all: [{ path: 'a', op: 'exists', value: true }] },
      {
        id: 'new',
        description: 'd',
        severity: 'warning',
        when: { path: 'kind', op: 'eq', value: 'b2b' },
        any: [{ not: { path: 'x', op: 'in', valueFrom: 'allowed' } }, { all: [leaf] }],
      },
    ]);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.rules.map((r) => r.severity)).toEqual(['error', 'warning']);
  });

  it('reports an unknown operator at its exact location', () => {
    expect(
      problemsOf([
        { id: 'a', all: [leaf] },
        { id: 'b', all: [{ path: 'x', op: 'equals' }] },
      ]),
    ).toEqual([{ path: 'rules[1].all[0].op', message: containing('must be one of eq, ne') }]);
  });

  it('names the operator a leaf lacks', () => {
    expect(problemsOf([{ id: 'b', all: [{ path: 'x', value: 1 }] }])).toEqual([
      { path: 'rules[0].all[0].op', message: containing('is required; expected one of eq, ne') },
    ]);
  });

  it('reports every problem of shape at once, each with its path', () => {
    const problems = problemsOf([
      { id: 'a', severity: 'fatal', any: [leaf] },
      { all: [leaf], sevrity: 'warning' },
    ]);
    expect(problems.map((p) => p.path)).toEqual(['rules[0].severity', 'rules[1].id', 'rules[1].sevrity']);
  });

  it('reports every problem of meaning at once, each with its path', () => {
    const problems = problemsOf([
      {
        id: 'a',
        all: [
          { op: 'eq', value: 1 },
          { path: 'a..b', op: 'gt', value: 'x' },
        ],
      },
      { id: 'a', any: [{ path: 'p', op: 'matches', value: '([a-z' }] },
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      'rules[0].all[0].path',
      'rules[0].all[1].path',
      'rules[1].any[0].value',
      'rules[1].id',
    ]);
    expect(problems[2]?.message).toContain('invalid regular expression');
    expect(problems[3]?.message).toBe('duplicate rule id "a" (also rules[0])');
  });

  it('requires exactly one of all, any, not on a rule and in a group', () => {
    expect(problemsOf([{ id: 'a' }])).toEqual([
      { path: 'rules[0]', message: 'a rule needs exactly one of all, any, not' },
    ]);
    expect(problemsOf([{ id: 'a', all: [leaf], any: [leaf] }])[0]?.message).toContain('(found all, any)');
    expect(problemsOf([{ id: 'a', not: {} }])[0]?.path).toBe('rules[0].not');
    expect(problemsOf([{ id: 'a', all: [] }])[0]?.path).toBe('rules[0].all');
  });

  it('checks operands against their operator', () => {
    const problems = problemsOf([
      {
        id: 'a',
        all: [
          { path: 'a', op: 'between', value: [9, 1] },
          { path: 'a', op: 'type', value: 'date' },
          { path: 'a', op: 'eq' },
          { path: 'a', op: 'in', value: 1, valueFrom: 'b' },
          { path: 'a', op: 'matches', valueFrom: 'b' },
          { path: 'a', op: 'lt', valueFrom: 'b[' },
        ],
      },
    ]);
    expect(problems).toEqual([
      { path: 'rules[0].all[0].value', message: containing('min <= max') },
      { path: 'rules[0].all[1].value', message: containing('type needs one of') },
      { path: 'rules[0].all[2].value', message: 'eq needs a value (or valueFrom)' },
      { path: 'rules[0].all[3]', message: 'give value or valueFrom, not both' },
      { path: 'rules[0].all[4].valueFrom', message: 'matches does not take valueFrom' },
      { path: 'rules[0].all[5].valueFrom', message: containing('unclosed "["') },
    ]);
  });

  it('refuses a matches pattern RE2 cannot run (backreference, lookahead) at its value', () => {
    const problems = problemsOf([
      { id: 'a', all: [leaf, { path: 'code', op: 'matches', value: '^(\\w)\\1$' }] },
      { id: 'b', not: { path: 'code', op: 'matches', value: 'a(?!b)' } },
    ]);
    expect(problems).toEqual([
      { path: 'rules[0].all[1].value', message: containing('not supported') },
      { path: 'rules[1].not.value', message: containing('not supported') },
    ]);
  });

  it('locates problems inside when and not', () => {
    expect(problemsOf([{ id: 'a', when: { not: { path: 'a', op: 'gt' } }, all: [leaf] }])).toEqual([
      { path: 'rules[0].when.not.value', message: 'gt needs a value (or valueFrom)' },
    ]);
  });

  it('refuses conditions nested too deeply', () => {
    let condition: unknown = leaf;
    for (let i = 0; i < MAX_DEPTH + 1; i += 1) condition = { not: condition };
    expect(problemsOf([{ id: 'a', all: [condition] }])[0]?.message).toContain('nest deeper');
  });

  it('rejects what is not a list of rule objects', () => {
    expect(problemsOf([])).toEqual([{ path: 'rules', message: 'must contain at least 1 item' }]);
    expect(problemsOf({ id: 'a' })[0]?.path).toBe('rules');
    expect(problemsOf(['a'])).toEqual([{ path: 'rules[0]', message: 'must be an object' }]);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ id: `r${i}`, all: [leaf] }));
    expect(problemsOf(tooMany)).toEqual([{ path: 'rules', message: 'must contain at most 1000 items' }]);
  });
});
