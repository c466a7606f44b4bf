import { TaskError } from '@ensemble/plugin-contract';
import { ruleSourceOf } from './validation-params';

function problem(params: Record<string, unknown>): TaskError {
  try {
    ruleSourceOf(params);
  } catch (error) {
    if (error instanceof TaskError) return error;
  }
  throw new Error('expected a TaskError');
}

describe('ruleSourceOf', () => {
  it('reads inline rules', () => {
    expect(ruleSourceOf({ rules: [] })).toEqual({ kind: 'inline', rules: [] });
  });

  it('reads a stored rule set, pinned or not', () => {
    expect(ruleSourceOf({ ruleSet: 'orders' })).toEqual({ kind: 'stored', name: 'orders' });
    expect(ruleSourceOf({ ruleSet: 'orders', version: 3 })).toEqual({
      kind: 'stored',
      name: 'orders',
      version: 3,
    });
  });

  it.each([
    [{}, 'params.rules give rules (inline) or ruleSet'],
    [{ rules: [], ruleSet: 'x' }, 'params.ruleSet give rules or ruleSet, not both'],
    [{ ruleSet: '' }, 'params.ruleSet must be a non-empty string'],
    [{ ruleSet: 'x', version: 0 }, 'params.version must be a positive integer'],
    [{ rules: [], version: 1 }, 'params.version applies only with ruleSet'],
  ])('refuses %j without retry', (params, message) => {
    const error = problem(params);
    expect(error).toMatchObject({ code: 'INVALID_PARAMS', retryable: false });
    expect(error.message).toContain(message);
  });
});
