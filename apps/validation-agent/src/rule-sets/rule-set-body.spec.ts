import { parseRuleSetBody } from './rule-set-body';

describe('parseRuleSetBody', () => {
  it('accepts { rules: [...] }', () => {
    expect(parseRuleSetBody({ rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] }).ok).toBe(true);
  });

  it('locates problems of shape under body, unknown members included', () => {
    const parsed = parseRuleSetBody({
      rule: [],
      rules: [{ id: 'a', all: [{ path: 'x', op: 'gt', valu: 1 }] }],
    });
    expect(!parsed.ok && parsed.problems).toEqual([
      { path: 'body.rule', message: 'unknown field' },
      { path: 'body.rules[0].all[0].valu', message: 'unknown field' },
    ]);
  });

  it('locates problems of meaning under body.rules', () => {
    const parsed = parseRuleSetBody({ rules: [{ id: 'a', all: [{ path: 'x', op: 'gt', value: [] }] }] });
    expect(!parsed.ok && parsed.problems).toEqual([
      { path: 'body.rules[0].all[0].value', message: 'gt needs a number or a string' },
    ]);
  });

  it('rejects a body that is not an object', () => {
    expect(parseRuleSetBody([])).toEqual({
      ok: false,
      problems: [{ path: 'body', message: 'must be an object' }],
    });
  });
});
