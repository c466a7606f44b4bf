import type { TableProblem } from './decision-table';
import { checkTable, describeProblems } from './table-validator';

const valid = () => ({
  hitPolicy: 'UNIQUE',
  inputs: [{ expression: 'age' }, { expression: 'country', label: 'Country' }],
  outputs: [{ name: 'eligible' }],
  rules: [
    { id: 'adult', inputEntries: ['>= 18', '"DE","FR"'], outputEntries: ['true'] },
    { id: 'minor', inputEntries: ['< 18', '-'], outputEntries: ['false'] },
  ],
});

function problemsOf(raw: unknown): TableProblem[] {
  const check = checkTable(raw);
  return check.ok ? [] : check.problems;
}

describe('checkTable', () => {
  it('accepts a well-formed table', () => {
    expect(checkTable(valid())).toEqual({ ok: true, table: valid() });
  });

  it('refuses a literal FEEL pattern RE2 cannot run, in a test, an output or an input expression', () => {
    const table = valid();
    table.inputs[0].expression = 'matches(code, "^(?=a)")';
    table.rules[0].inputEntries[1] = 'matches(?, "(a)\\\\1")';
    table.rules[1].outputEntries[0] = 'replace(input: name, pattern: "(?<=x)y", replacement: "z")';
    expect(problemsOf(table)).toEqual([
      { path: 'inputs[0].expression', message: expect.stringContaining('matches: pattern') as string },
      { path: 'rules[0].inputEntries[1]', message: expect.stringContaining('not supported') as string },
      { path: 'rules[1].outputEntries[0]', message: expect.stringContaining('replace: pattern') as string },
    ]);
  });

  it('accepts patterns RE2 can run, and patterns only known at evaluation', () => {
    const table = valid();
    table.rules[0].inputEntries[1] = 'matches(?, "^[A-Z]{2}$", "i")';
    table.rules[1].outputEntries[0] = 'matches(name, pattern)';
    expect(checkTable(table).ok).toBe(true);
  });

  it('rejects a body that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('names an unknown hit policy and a misplaced aggregation', () => {
    expect(problemsOf({ ...valid(), hitPolicy: 'SOME' })).toEqual([
      { path: 'hitPolicy', message: 'must be one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT (not "SOME")' },
    ]);
    expect(problemsOf({ ...valid(), aggregation: 'SUM' })).toEqual([
      { path: 'aggregation', message: 'is allowed only with hit policy COLLECT' },
    ]);
    expect(problemsOf({ ...valid(), hitPolicy: 'COLLECT', aggregation: 'AVG' })).toEqual([
      { path: 'aggregation', message: 'must be one of SUM, MIN, MAX, COUNT (not "AVG")' },
    ]);
  });

  it('requires a single output for an aggregation', () => {
    const table = {
      ...valid(),
      hitPolicy: 'COLLECT',
      aggregation: 'MAX',
      outputs: [{ name: 'a' }, { name: 'b' }],
    };
    expect(problemsOf(table)).toContainEqual({
      path: 'aggregation',
      message: 'needs a table with exactly one output',
    });
  });

  it('requires priorities on some output for PRIORITY', () => {
    expect(problemsOf({ ...valid(), hitPolicy: 'PRIORITY' })).toEqual([
      { path: 'outputs', message: 'needs priorities on at least one output for hit policy PRIORITY' },
    ]);
    const ranked = {
      ...valid(),
      hitPolicy: 'PRIORITY',
      outputs: [{ name: 'eligible', priorities: [true, false] }],
    };
    expect(problemsOf(ranked)).toEqual([]);
  });

  it('names the exact entry that is not valid FEEL', () => {
    const table = valid();
    table.rules[1].inputEntries[1] = '> ';
    table.rules[0].outputEntries[0] = 'foo(';
    table.inputs[0].expression = '1 +';
    expect(problemsOf(table)).toEqual([
      {
        path: 'inputs[0].expression',
        message: 'is not a valid FEEL expression (syntax error at character 3)',
      },
      {
        path: 'rules[0].outputEntries[0]',
        message: 'is not a valid FEEL expression (syntax error at character 4)',
      },
      {
        path: 'rules[1].inputEntries[1]',
        message: 'is not a valid FEEL unary tests (syntax error at character 2)',
      },
    ]);
  });

  it('requires one entry per input and per output in every rule', () => {
    const table = valid();
    table.rules[1].inputEntries = ['< 18'];
    table.rules[1].outputEntries = ['false', 'true'];
    expect(problemsOf(table)).toEqual([
      { path: 'rules[1].inputEntries', message: 'has 1 entries but the table has 2 inputs' },
      { path: 'rules[1].outputEntries', message: 'has 2 entries but the table has 1 outputs' },
    ]);
  });

  it('reports every problem of shape at once', () => {
    const problems = problemsOf({
      hitPolicy: 'UNIQUE',
      inputs: [{ expression: 42 }],
      outputs: [{ name: 'x' }, { name: ' ', priorities: 'high' }],
      rules: [{ id: 'r', inputEntries: [1], outputEntries: ['1'] }, 'rule', { id: 'r' }],
    });
    expect(problems).toEqual([
      { path: 'inputs[0].expression', message: 'must be a string' },
      { path: 'outputs[1].name', message: 'must be a name with a character other than space' },
      { path: 'outputs[1].priorities', message: 'must be an array' },
      { path: 'rules[0].inputEntries[0]', message: 'must be a string' },
      { path: 'rules[1]', message: 'must be an object' },
      { path: 'rules[2].inputEntries', message: 'is required' },
      { path: 'rules[2].outputEntries', message: 'is required' },
    ]);
  });

  it('reports every problem a schema cannot see at once, once the shape holds', () => {
    const problems = problemsOf({
      hitPolicy: 'UNIQUE',
      inputs: [{ expression: 'age' }],
      outputs: [{ name: 'x' }, { name: 'x' }, { name: 'y' }],
      rules: [
        { id: 'r', inputEntries: ['1'], outputEntries: ['1', '2', ''] },
        { id: 'r', inputEntries: [], outputEntries: ['1', '2', '3'] },
      ],
    });
    expect(problems).toEqual([
      { path: 'outputs[1].name', message: 'repeats the output name "x"' },
      { path: 'rules[0].outputEntries[2]', message: 'must be a FEEL expression, not empty' },
      { path: 'rules[1].id', message: 'repeats the rule id "r"' },
      { path: 'rules[1].inputEntries', message: 'has 0 entries but the table has 1 inputs' },
    ]);
  });

  it('requires inputs, outputs and rules to be present', () => {
    expect(problemsOf({ hitPolicy: 'FIRST', outputs: [], rules: [] })).toEqual([
      { path: 'inputs', message: 'is required' },
      { path: 'outputs', message: 'must contain at least 1 item' },
      { path: 'rules', message: 'must contain at least 1 item' },
    ]);
  });
});

describe('describeProblems', () => {
  it('names the first problem and counts the rest', () => {
    const message = describeProblems([
      {
        path: 'rules[2].inputEntries[1]',
        message: 'is not a valid FEEL unary tests (syntax error at character 2)',
      },
      { path: 'outputs', message: 'must be a non-empty array' },
    ]);
    expect(message).toBe(
      'rules[2].inputEntries[1] is not a valid FEEL unary tests (syntax error at character 2) (and 1 more problems)',
    );
  });
});
