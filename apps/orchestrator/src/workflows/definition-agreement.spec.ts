import { workflowDefinitionProblems } from '@ensemble/contracts';
import { Random, randomDefinition } from '../../../../test/factories/workflow-definition.factory';
import { validateDefinition } from './definition-validator';

const KNOWN_FLAWS = {
  cycle: /^dependency cycle: /,
  dangling: /^dangling dependency: no step has id "ghost"$/,
  delays: /^must not be less than initialDelayMs$/,
};

describe('the gateway and the orchestrator agree on workflow definitions', () => {
  const generated = Array.from({ length: 60 }, (_, i) => randomDefinition(new Random(1000 + i)));

  it('generates definitions the schema accepts, some with flaws no schema can see', () => {
    for (const { definition } of generated) expect(workflowDefinitionProblems(definition)).toEqual([]);
    expect(generated.filter((g) => g.flaws.length === 0).length).toBeGreaterThan(30);
    expect(generated.some((g) => g.definition.steps.length === 200)).toBe(true);
    for (const flaw of Object.keys(KNOWN_FLAWS))
      expect(generated.some((g) => g.flaws.join().includes(flaw))).toBe(true);
  });

  it('accepts every schema-valid definition in the orchestrator unless it has a cycle, a bad reference or delays out of order', () => {
    for (const { definition, flaws } of generated) {
      const check = validateDefinition(definition);
      if (flaws.length === 0) {
        expect(check).toEqual({ ok: true, definition });
        continue;
      }
      const problems = check.ok ? [] : check.problems;
      const expected = flaws.map((flaw) => KNOWN_FLAWS[flaw]);
      const unexpected = problems.filter((p) => !expected.some((pattern) => pattern.test(p.message)));
      expect(unexpected).toEqual([]);
      for (const pattern of expected) expect(problems.some((p) => pattern.test(p.message))).toBe(true);
    }
  });
});
