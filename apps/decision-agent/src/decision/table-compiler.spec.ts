import { DecisionError } from './decision.errors';
import { compileTable, contentKey, TableCompiler } from './table-compiler';

const table = (output = '"yes"') => ({
  hitPolicy: 'FIRST',
  inputs: [{ expression: 'x' }],
  outputs: [{ name: 'answer' }],
  rules: [{ id: 'only', inputEntries: ['-'], outputEntries: [output] }],
});

describe('compileTable', () => {
  it('marks any-entries so evaluation skips them', () => {
    expect(compileTable(table()).rules).toEqual([
      { index: 0, id: 'only', tests: [null], outputs: ['"yes"'] },
    ]);
  });

  it('throws INVALID_DECISION_TABLE with every problem for an invalid table', () => {
    const run = () => compileTable({ ...table(), rules: [] });
    expect(run).toThrow(DecisionError);
    expect(run).toThrow('invalid decision table: rules must contain at least 1 item');
  });
});

describe('TableCompiler', () => {
  it('compiles a table once per key', () => {
    const compiler = new TableCompiler();
    const first = compiler.compile(table());
    expect(compiler.compile(table())).toBe(first);
    expect(compiler.compile(table('"no"'))).not.toBe(first);
  });

  it('keys inline tables by content and finds stored ones by their own key', () => {
    const compiler = new TableCompiler();
    expect(contentKey(table())).toBe(contentKey(table()));
    expect(contentKey(table())).not.toBe(contentKey(table('"no"')));
    expect(compiler.get('stored:v1')).toBeUndefined();
    const compiled = compiler.compile(table(), 'stored:v1');
    expect(compiler.get('stored:v1')).toBe(compiled);
  });
});
