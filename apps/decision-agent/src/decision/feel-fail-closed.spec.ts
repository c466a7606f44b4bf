import { passes } from './feel';

const wrongForNumber: [string, unknown][] = [
  ['a missing value', undefined],
  ['null', null],
  ['a boolean', true],
  ['an object', { n: 5 }],
  ['a list', [5]],
  ['a numeric string', '5'],
];
const wrongForString: [string, unknown][] = [
  ['a missing value', undefined],
  ['null', null],
  ['a boolean', true],
  ['an object', { s: 'm' }],
  ['a number', 5],
];

const numericTests = ['> 0', '>= 0', '< 100', '<= 100', '[0..100]', '(0..100)', '5', '5, 6'];
const stringTests = ['> "a"', '>= "a"', '< "zzz"', '<= "zzz"', '["a".."zzz"]', '"m"', '"m", "n"'];

const cases = (tests: string[], values: [string, unknown][]): [string, string, unknown][] =>
  tests.flatMap((test) => values.map(([label, value]): [string, string, unknown] => [test, label, value]));

describe('FEEL unary tests in decision tables fail closed', () => {
  it.each(cases(numericTests, wrongForNumber))('%s does not match %s', (test, _label, value) => {
    expect(passes(test, { '?': value })).toBe(false);
  });

  it.each(cases(stringTests, wrongForString))('%s does not match %s', (test, _label, value) => {
    expect(passes(test, { '?': value })).toBe(false);
  });

  it.each(numericTests.filter((t) => t !== '5, 6' && t !== '5'))(
    '%s matches 50 (the table is not vacuous)',
    (test) => {
      expect(passes(test, { '?': 50 })).toBe(true);
    },
  );

  it.each(stringTests.filter((t) => !t.startsWith('"')))(
    '%s matches "m" (the table is not vacuous)',
    (test) => {
      expect(passes(test, { '?': 'm' })).toBe(true);
    },
  );
});
