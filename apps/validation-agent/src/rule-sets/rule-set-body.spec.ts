import { parseRuleSetBody } from './rule-set-body';

describe('parseRuleSetBody', () => {
  it('accepts { rules: [...] }', () => {
    expect(parseRuleSetBody({ rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] }).ok).toBe(true);
  });

  it('locates problems under body.rules and flags unknown members', () => {
    const parsed = parseRuleSetBody({
      rule: [],
      rules: [{ id: 'a', all: [{ path: 'x', op: 'gt', value: [] }] }],
    });
    expect(!parsed.ok && parsed.problems).toEqual([
      { path: 'body.rule', message: 'unknown property; allowed: rules' },
      { path: 'body.rules[0].all[0].value', message: 'gt needs a number or a string' },
    ]);
  });

  it('rejects a body that is not an object', () => {
    expect(parseRuleSetBody([])).toEqual({
      ok: false,
      problems: [{ path: 'body', message: 'must be an object { rules: [...] }' }],
    });
  });
});
