import {
  bodySchemaComponents,
  compileBodySchemas,
  createDatasetProblems,
  createDecisionTableProblems,
  createRuleSetProblems,
  decisionTableProblems,
  ruleListProblems,
  ruleSetBodyProblems,
} from '@ensemble/contracts';

const leaf = { path: 'a', op: 'eq', value: 1 };
const table = {
  hitPolicy: 'FIRST',
  inputs: [{ expression: 'age' }],
  outputs: [{ name: 'ok', priorities: [true, false] }],
  rules: [{ inputEntries: ['< 18'], outputEntries: ['false'] }],
};

describe('body schemas', () => {
  it('registers every body schema as a component whose references resolve', () => {
    const components = bodySchemaComponents();
    expect(Object.keys(components).sort()).toEqual([
      'CreateDataset',
      'CreateDecisionTable',
      'CreateRuleSet',
      'DecisionTable',
      'Rule',
      'RuleCondition',
      'RuleList',
      'RuleSetBody',
      'WorkflowDefinition',
    ]);
    const refs = JSON.stringify(components).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(components).toHaveProperty([ref.split('/').at(-1) ?? '']);
    expect(() => {
      compileBodySchemas();
    }).not.toThrow();
  });

  it('uses only keywords OpenAPI 3.0 understands the same way', () => {
    const text = JSON.stringify(bodySchemaComponents());
    for (const keyword of ['"const"', '"if"', '"$schema"', '"$id"', '"type":[', '"examples"', '"nullable"'])
      expect(text).not.toContain(keyword);
  });

  describe('rule sets', () => {
    it('accepts nested conditions of every kind', () => {
      const rules = [
        { id: 'a', all: [leaf, { any: [leaf, { not: leaf }] }] },
        {
          id: 'b',
          severity: 'warning',
          message: 'm',
          description: 'd',
          when: leaf,
          not: { path: 'x', op: 'exists' },
        },
      ];
      expect(ruleListProblems(rules)).toEqual([]);
      expect(createRuleSetProblems({ name: 'order-checks', body: { rules }, activate: true })).toEqual([]);
    });

    it('names each problem under body, deep inside conditions too', () => {
      const body = {
        rules: [{ id: '', all: [{ any: [{ path: 'a', op: 'like', other: 1 }] }] }],
        extra: true,
      };
      expect(createRuleSetProblems({ name: '-bad', body, activate: 'yes' })).toEqual([
        {
          path: 'name',
          message: 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
        },
        { path: 'body.extra', message: 'unknown field' },
        { path: 'body.rules[0].id', message: 'must not be empty' },
        { path: 'body.rules[0].all[0].any[0].other', message: 'unknown field' },
        {
          path: 'body.rules[0].all[0].any[0].op',
          message: expect.stringContaining('must be one of eq, ne') as string,
        },
        { path: 'activate', message: 'must be a boolean' },
      ]);
    });

    it('takes 1 to 1000 rules and at least one condition per group', () => {
      const rules = (n: number): unknown[] =>
        Array.from({ length: n }, (_, i) => ({ id: `r${i}`, all: [leaf] }));
      expect(ruleSetBodyProblems({ rules: rules(1000) })).toEqual([]);
      expect(ruleSetBodyProblems({ rules: rules(1001) })).toEqual([
        { path: 'body.rules', message: 'must contain at most 1000 items' },
      ]);
      expect(ruleSetBodyProblems({ rules: [] })).toEqual([
        { path: 'body.rules', message: 'must contain at least 1 item' },
      ]);
      expect(ruleSetBodyProblems({ rules: [{ id: 'a', any: [] }] })).toEqual([
        { path: 'body.rules[0].any', message: 'must contain at least 1 item' },
      ]);
      expect(createRuleSetProblems({ name: 'x' })).toEqual([{ path: 'body', message: 'is required' }]);
    });
  });

  describe('decision tables', () => {
    it('accepts a table, with fields of its own kept', () => {
      expect(decisionTableProblems(table)).toEqual([]);
      expect(createDecisionTableProblems({ name: 'route', body: { ...table, note: 'kept' } })).toEqual([]);
    });

    it('names each problem with its path', () => {
      const body = {
        hitPolicy: 'MOST',
        aggregation: 'AVG',
        inputs: [{ label: 'x' }],
        outputs: [{ name: '  ' }],
        rules: [{ inputEntries: [1], outputEntries: 'true' }],
      };
      expect(createDecisionTableProblems({ name: 'route', body })).toEqual([
        {
          path: 'body.hitPolicy',
          message: 'must be one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT (not "MOST")',
        },
        { path: 'body.aggregation', message: 'must be one of SUM, MIN, MAX, COUNT (not "AVG")' },
        { path: 'body.inputs[0].expression', message: 'is required' },
        { path: 'body.outputs[0].name', message: 'must be a name with a character other than space' },
        { path: 'body.rules[0].inputEntries[0]', message: 'must be a string' },
        { path: 'body.rules[0].outputEntries', message: 'must be an array' },
      ]);
    });

    it('requires at least one output and one rule', () => {
      expect(decisionTableProblems({ ...table, outputs: [], rules: [] })).toEqual([
        { path: 'outputs', message: 'must contain at least 1 item' },
        { path: 'rules', message: 'must contain at least 1 item' },
      ]);
    });
  });

  describe('datasets', () => {
    it('accepts JSON records or CSV text', () => {
      expect(createDatasetProblems({ name: 'people', format: 'json', records: [{ a: 1 }] })).toEqual([]);
      expect(createDatasetProblems({ name: 'people', format: 'csv', csv: 'a,b\n1,2' })).toEqual([]);
    });

    it('holds each format to its own fields', () => {
      expect(createDatasetProblems({ name: 'p', format: 'json', csv: 'a' })).toEqual([
        { path: 'records', message: 'is required' },
        { path: 'csv', message: 'unknown field' },
      ]);
      expect(createDatasetProblems({ name: 'p', format: 'csv', records: [] })).toEqual([
        { path: 'csv', message: 'is required' },
        { path: 'records', message: 'unknown field' },
      ]);
      expect(createDatasetProblems({ name: 'p', format: 'json', records: [1] })).toEqual([
        { path: 'records[0]', message: 'must be an object' },
      ]);
    });

    it('names a missing or unknown format once', () => {
      expect(createDatasetProblems({ name: 'p' })).toEqual([{ path: 'format', message: 'is required' }]);
      expect(createDatasetProblems({ name: 'p', format: 'xml' })).toEqual([
        { path: 'format', message: 'must be one of json, csv (not "xml")' },
      ]);
    });

    it('bounds the name to 1-200 characters', () => {
      const named = (name: string): unknown => ({ name, format: 'csv', csv: '' });
      expect(createDatasetProblems(named('x'.repeat(200)))).toEqual([]);
      expect(createDatasetProblems(named('x'.repeat(201)))).toEqual([
        { path: 'name', message: 'must be at most 200 characters' },
      ]);
      expect(createDatasetProblems(named(''))).toEqual([{ path: 'name', message: 'must not be empty' }]);
    });
  });

  it('writes an unknown key as it is, "/" and "~" included', () => {
    expect(ruleListProblems([{ id: 'a', all: [leaf], 'x/y~z': 1 }])).toEqual([
      { path: 'rules[0].x/y~z', message: 'unknown field' },
    ]);
  });
});
