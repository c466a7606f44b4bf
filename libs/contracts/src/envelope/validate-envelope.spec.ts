import { createEnvelope } from './envelope-factory';
import { parseEnvelope, payloadProblems } from './validate-envelope';
import { StepDispatchPayload } from '../steps/step-dispatch';
import { StepResultPayload } from '../steps/step-result';
import '../steps/step-schemas';

const origin = { tenantId: 't', correlationId: 'c', causationId: 'c' };
const runId = '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10';

describe('parseEnvelope', () => {
  it('passes payload keys such as constructor and __proto__ through unchanged', async () => {
    const raw = `{"id":"${runId}","type":"step.dispatch.v1","version":1,"tenantId":"t","correlationId":"c","causationId":"c","attempt":1,"occurredAt":"2026-12-02T06:00:00.000Z","payload":{"input":{"constructor":{"a":1},"__proto__":{"polluted":true},"prototype":2}}}`;
    const parsed = await parseEnvelope(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const input = (parsed.envelope.payload as { input: Record<string, unknown> }).input;
    expect(Object.keys(input)).toEqual(['constructor', '__proto__', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names each invalid field', async () => {
    const bad = Object.assign(createEnvelope('step.result.v1', {}, origin), {
      id: 'nope',
      attempt: 0,
      payload: [],
    });
    const parsed = await parseEnvelope(JSON.stringify(bad));
    expect(parsed).toMatchObject({ ok: false });
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(/id: must match format "uuid"/);
    expect(parsed.reason).toMatch(/attempt: must be >= 1/);
    expect(parsed.reason).toMatch(/payload: must be object/);
  });

  it('refuses a body that is not a JSON object', async () => {
    expect(await parseEnvelope('[1]')).toMatchObject({ ok: false, reason: 'body is not a JSON object' });
    expect(await parseEnvelope('{')).toMatchObject({ ok: false });
  });
});

describe('payloadProblems', () => {
  it('validates a payload whose data carries a constructor key without crashing', async () => {
    const payload = JSON.parse(
      `{"runId":"${runId}","stepId":"s","attempt":1,"capability":"data","input":{"constructor":"x"}}`,
    ) as object;
    await expect(payloadProblems(StepDispatchPayload, payload)).resolves.toEqual([]);
  });

  it('still applies the contract when the payload itself has a constructor key', async () => {
    const payload = JSON.parse('{"constructor":"x","runId":"not-a-uuid"}') as object;
    const problems = await payloadProblems(StepDispatchPayload, payload);
    expect(problems.join('\n')).toMatch(/runId/);
  });
});

describe('compiled payload schemas', () => {
  const result = {
    runId,
    stepId: 's',
    attempt: 1,
    taskId: runId,
    outcome: 'failed',
    agentId: 'a',
    durationMs: 0,
  };

  it('accepts a result as its class does, null optionals included', async () => {
    await expect(
      payloadProblems(StepResultPayload, { ...result, error: { code: 'X', message: 'm', retryable: false } }),
    ).resolves.toEqual([]);
    await expect(
      payloadProblems(StepResultPayload, { ...result, output: null, error: null }),
    ).resolves.toEqual([]);
  });

  it.each([
    ['a wrong outcome', { ...result, outcome: 'maybe' }, /outcome/],
    [
      'an error without retryable',
      { ...result, error: { code: 'X', message: 'm' } },
      /error.retryable: is required/,
    ],
    ['a negative duration', { ...result, durationMs: -1 }, /durationMs/],
    ['a task id that is not a uuid', { ...result, taskId: 'x' }, /taskId/],
    ['a missing agent id', { ...result, agentId: undefined }, /agentId/],
  ])('refuses %s', async (_, payload, problem) => {
    expect((await payloadProblems(StepResultPayload, payload)).join('\n')).toMatch(problem);
  });

  it('refuses a dispatch whose params are not an object', async () => {
    const dispatch = { runId, stepId: 's', attempt: 1, capability: 'data', params: [1] };
    expect((await payloadProblems(StepDispatchPayload, dispatch)).join('\n')).toMatch(/params/);
  });
});
