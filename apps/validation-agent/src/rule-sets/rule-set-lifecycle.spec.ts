import { lifecycleStep } from './rule-set-lifecycle';

describe('lifecycleStep', () => {
  it('moves a draft to active or archived', () => {
    expect(lifecycleStep('draft', 'active')).toBe('apply');
    expect(lifecycleStep('draft', 'archived')).toBe('apply');
    expect(lifecycleStep('active', 'archived')).toBe('apply');
  });

  it('treats a repeated request as done', () => {
    expect(lifecycleStep('active', 'active')).toBe('unchanged');
    expect(lifecycleStep('archived', 'archived')).toBe('unchanged');
  });

  it('never brings an archived version back', () => {
    expect(lifecycleStep('archived', 'active')).toBe('forbidden');
  });
});
