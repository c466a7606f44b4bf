import { isBoundedTable } from './bounded-table';
import { TableCompiler } from './table-compiler';

const compile = (
  inputEntry: string,
  output = '"ok"',
  input = 'order.amount',
): ReturnType<TableCompiler['compile']> =>
  new TableCompiler().compile({
    hitPolicy: 'FIRST',
    inputs: [{ expression: input }],
    outputs: [{ name: 'route' }],
    rules: [{ inputEntries: [inputEntry], outputEntries: [output] }],
  });

describe('tables evaluated on the agent thread', () => {
  it.each(['> 100', '[1..5]', '"DE","FR"', 'not(3)', '-', '>= 10.5', 'null'])(
    'takes a table of plain cells such as %s',
    (entry) => {
      expect(isBoundedTable(compile(entry))).toBe(true);
    },
  );

  it('takes arithmetic, paths and if/then/else in inputs and outputs', () => {
    expect(isBoundedTable(compile('> 1', 'if order.amount > 2 then "a" else "b"', 'order.amount * 2'))).toBe(
      true,
    );
  });

  it.each([
    ['a function call in a test', 'matches(?, "^(a+)+$")', '"ok"', 'order.amount'],
    ['a loop in an output', '> 1', 'count(for i in 1..100000000 return i)', 'order.amount'],
    ['a quantifier in an input', '> 1', '"ok"', 'some x in order.items satisfies x > 1'],
    ['a filter in an input', '> 1', '"ok"', 'order.items[item > 1]'],
  ])('sends a table with %s to a worker', (_, entry, output, input) => {
    expect(isBoundedTable(compile(entry, output, input))).toBe(false);
  });
});
