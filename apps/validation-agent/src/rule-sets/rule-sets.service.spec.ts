import { DomainError } from '@ensemble/contracts';
import { checkRuleSetBody } from './rule-sets.service';

// The versioned lifecycle itself is the shared store's: libs/persistence/src/versioned-resources.
describe('rule set bodies', () => {
  it('keeps a body whose rules all parse', () => {
    const body = { rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] };
    expect(checkRuleSetBody(body)).toBe(body);
  });

  it('rejects bad rules with every problem and its path', () => {
    const bad = { rules: [{ id: 'a', all: [{ path: 'x', op: 'like' }] }, { id: 'b' }] };
    let thrown: unknown;
    try {
      checkRuleSetBody(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules[0].all[0].op' }, { path: 'body.rules[1]' }],
    });
  });
});
