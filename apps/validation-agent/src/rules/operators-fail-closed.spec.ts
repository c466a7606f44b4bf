import { holds, type Operator } from './operators';

/** Values of the wrong kind for an operand of `kind`, plus the missing ones. */
function wrongFor(kind: 'number' | 'string'): [string, unknown][] {
  return [
    ['a missing value', undefined],
    ['null', null],
    ['a boolean', true],
    ['an object', { n: 5 }],
    ['an array', [5]],
    kind === 'number' ? ['a numeric string', '5'] : ['a number', 5],
    ...(kind === 'number' ? ([['NaN', Number.NaN]] as [string, unknown][]) : []),
  ];
}

type Comparison = [Operator, unknown];

const numeric: Comparison[] = [
  ['gt', 0],
  ['gte', 0],
  ['lt', 100],
  ['lte', 100],
  ['between', [0, 100]],
];
const textual: Comparison[] = [
  ['gt', 'a'],
  ['gte', 'a'],
  ['lt', 'zzz'],
  ['lte', 'zzz'],
  ['between', ['a', 'zzz']],
];

const cases = (
  comparisons: Comparison[],
  kind: 'number' | 'string',
): [Operator, unknown, string, unknown][] =>
  comparisons.flatMap(([op, operand]) =>
    wrongFor(kind).map(([label, value]): [Operator, unknown, string, unknown] => [op, operand, label, value]),
  );

describe('comparison operators fail closed', () => {
  it.each(cases(numeric, 'number'))('%s %j fails for %s', (op, operand, _label, actual) => {
    expect(holds(op, actual, operand)).toBe(false);
  });

  it.each(cases(textual, 'string'))('%s %j fails for %s', (op, operand, _label, actual) => {
    expect(holds(op, actual, operand)).toBe(false);
  });

  it.each(numeric)('%s %j holds for a matching number (the table is not vacuous)', (op, operand) => {
    expect(holds(op, 50, operand)).toBe(true);
  });

  it.each(textual)('%s %j holds for a matching string (the table is not vacuous)', (op, operand) => {
    expect(holds(op, 'm', operand)).toBe(true);
  });

  it.each<[Operator, unknown]>([
    ['minLength', 0],
    ['maxLength', 10],
  ])('%s %j fails for anything but a string or an array', (op, operand) => {
    for (const actual of [undefined, null, 5, true, { length: 1 }])
      expect(holds(op, actual, operand)).toBe(false);
  });

  it('matches fails for anything but a string', () => {
    for (const actual of [undefined, null, 5, true, ['a'], { a: 1 }])
      expect(holds('matches', actual, '.*', /.*/u)).toBe(false);
  });

  it('in fails for a missing value and nin holds for it only when the list lacks it', () => {
    expect(holds('in', undefined, [1, 2])).toBe(false);
    expect(holds('in', null, [1, 2])).toBe(false);
    expect(holds('in', 1, 'not a list')).toBe(false);
    expect(holds('nin', 1, 'not a list')).toBe(false);
  });
});
