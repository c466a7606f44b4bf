import { TaskError, type Task } from '@ensemble/plugin-contract';
import type { RuleSetCatalog, ResolvedRuleSet } from '../rule-sets/rule-set-catalog';
import { parseRules } from '../rules/rule-parser';
import { ValidationPlugin } from './validation.plugin';
import { ValidationResultCache } from './validation-result-cache';

function containing(text: string): string {
  return expect.stringContaining(text) as string;
}

const rules = [{ id: 'positive', all: [{ path: 'total', op: 'gt', value: 0 }] }];

function task(params: Record<string, unknown>, input: unknown): Task {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    tenantId: 't1',
    runId: '00000000-0000-4000-8000-000000000002',
    stepId: 'check',
    attempt: 1,
    capability: 'validation',
    input,
    params,
  };
}

function setup(stored?: ResolvedRuleSet): { plugin: ValidationPlugin; resolve: jest.Mock } {
  const resolve = jest.fn((_tenant: string, _name: string, version?: number) =>
    Promise.resolve(version === undefined || version === stored?.version ? stored : undefined),
  );
  const catalog: Pick<RuleSetCatalog, 'resolve'> = { resolve };
  return { plugin: new ValidationPlugin(catalog as RuleSetCatalog, new ValidationResultCache(100)), resolve };
}

function compiled(): ResolvedRuleSet['rules'] {
  const parsed = parseRules(rules);
  if (!parsed.ok) throw new Error('bad fixture');
  return parsed.rules;
}

describe('ValidationPlugin', () => {
  it('evaluates inline rules without a stored rule set', async () => {
    const { plugin, resolve } = setup();
    const result = await plugin.handle(task({ rules }, { total: -1 }));
    expect(result).toMatchObject({ valid: false, failures: [{ rule: 'positive', actual: -1 }] });
    expect(result.ruleSet).toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();
  });

  it('refuses invalid inline rules without retry, with each problem located', async () => {
    const { plugin } = setup();
    const failure = plugin.handle(task({ rules: [{ id: 'x', all: [{ path: 'a', op: 'like' }] }] }, {}));
    await expect(failure).rejects.toMatchObject({
      code: 'INVALID_RULES',
      retryable: false,
      details: [{ path: 'rules[0].all[0].op', message: containing('must be one of eq, ne') }],
    });
  });

  it('evaluates the active version of a stored rule set and names it', async () => {
    const { plugin, resolve } = setup({ name: 'orders', version: 4, rules: compiled() });
    const result = await plugin.handle(task({ ruleSet: 'orders' }, { total: 5 }));
    expect(result).toMatchObject({ valid: true, ruleSet: { name: 'orders', version: 4 }, evaluatedRules: 1 });
    expect(resolve).toHaveBeenCalledWith('t1', 'orders', undefined);
  });

  it('serves a repeated input from the cache, whatever its key order', async () => {
    const { plugin } = setup({ name: 'orders', version: 4, rules: compiled() });
    const first = await plugin.handle(task({ ruleSet: 'orders' }, { total: 5, note: { a: 1, b: 2 } }));
    const second = await plugin.handle(task({ ruleSet: 'orders' }, { note: { b: 2, a: 1 }, total: 5 }));
    expect(second).toBe(first);
  });

  it('does not cache results of inline rules', async () => {
    const { plugin } = setup();
    const first = await plugin.handle(task({ rules }, { total: 5 }));
    expect(await plugin.handle(task({ rules }, { total: 5 }))).not.toBe(first);
  });

  it('fails with RULE_SET_NOT_FOUND, not retryable, for an unknown version', async () => {
    const { plugin } = setup({ name: 'orders', version: 4, rules: compiled() });
    const failure = plugin.handle(task({ ruleSet: 'orders', version: 9 }, {}));
    await expect(failure).rejects.toBeInstanceOf(TaskError);
    await expect(failure).rejects.toMatchObject({ code: 'RULE_SET_NOT_FOUND', retryable: false });
  });
});
