import type { WorkflowDefinition } from '@ensemble/contracts';
import { undeclaredCapabilities } from './capability-check';

const definition = (steps: object[]): WorkflowDefinition => ({ name: 'w', steps }) as WorkflowDefinition;

describe('capabilities a workflow may use', () => {
  it("allows the fleet's own capabilities and the tenant's declared ones", () => {
    const w = definition([
      { id: 'a', capability: 'validation' },
      { id: 'b', capability: 'invoice.ocr', compensate: { capability: 'data' } },
    ]);
    expect(undeclaredCapabilities(w, ['invoice.ocr'])).toEqual([]);
  });

  it('names every step and compensation whose capability nobody declared', () => {
    const w = definition([
      { id: 'a', capability: 'invoice.ocr' },
      { id: 'b', capability: 'data', compensate: { capability: 'refund' } },
    ]);
    expect(undeclaredCapabilities(w, []).map((p) => p.path)).toEqual([
      'steps[0].capability',
      'steps[1].compensate.capability',
    ]);
  });
});
