/** Small workflow definitions for engine tests. `nobody` is a capability no agent serves. */
export const waitsForNobody = (
  name: string,
  timeoutMs: number,
  extra: Record<string, unknown> = {},
): object => ({
  name,
  steps: [
    { id: 'wait', capability: 'nobody', timeoutMs, ...extra },
    { id: 'after', capability: 'data', action: 'normalize', dependsOn: ['wait'], input: 'input' },
  ],
});

export const twoStepData = (name: string): object => ({
  name,
  steps: [
    { id: 'first', capability: 'data', action: 'normalize', input: 'input' },
    {
      id: 'second',
      capability: 'data',
      action: 'normalize',
      dependsOn: ['first'],
      input: 'steps.first.output',
    },
  ],
});
