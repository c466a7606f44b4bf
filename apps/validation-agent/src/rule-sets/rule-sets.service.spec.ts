import { DomainError } from '@ensemble/contracts';
import { checkRuleSetBody } from './rule-sets.service';

// The versioned lifecycle itself is the shared store's: libs/persistence/src/versioned-resources.
describe('rule set bodies', () => {
  it('keeps a body whose rules all parse', () => {
    const body = { rules: [{ id: 'a', all: [{ path: 'x', op: 'exists' }] }] };
    expect(checkRuleSetBody(body)).toBe(body);
  });

  const problemOf = (body: unknown): unknown => {
    try {
      checkRuleSetBody(body);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('rejects bad rules with every problem and its path: the shape first, then what it means', () => {
    const badShape = { rules: [{ id: 'a', all: [{ path: 'x', op: 'like' }] }, { id: 7 }] };
    expect(problemOf(badShape)).toBeInstanceOf(DomainError);
    expect(problemOf(badShape)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules[0].all[0].op' }, { path: 'body.rules[1].id' }],
    });
    const badMeaning = { rules: [{ id: 'a', all: [{ path: 'x', op: 'gt' }] }, { id: 'b' }] };
    expect(problemOf(badMeaning)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.rules[0].all[0].value' }, { path: 'body.rules[1]' }],
    });
  });
});
