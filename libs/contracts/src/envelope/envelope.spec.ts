import { IsInt, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { causedBy, createEnvelope, type EnvelopeOrigin } from './envelope-factory';
import { MESSAGE_TYPE_PATTERN, versionOf } from './envelope';
import { parseEnvelope, payloadProblems } from './validate-envelope';

const origin: EnvelopeOrigin = { tenantId: 'acme', correlationId: 'corr', causationId: 'cause' };
const RUN_ID = '0a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d';

describe('createEnvelope', () => {
  it('stamps a fresh id, the version of its type, attempt 1 and the time', () => {
    const before = Date.now();
    const envelope = createEnvelope('step.dispatch.v3', { a: 1 }, origin);

    expect(envelope).toMatchObject({ type: 'step.dispatch.v3', version: 3, attempt: 1, payload: { a: 1 } });
    expect(envelope).toMatchObject(origin);
    expect(Date.parse(envelope.occurredAt)).toBeGreaterThanOrEqual(before);
    expect(createEnvelope('step.dispatch.v3', {}, origin).id).not.toBe(envelope.id);
    expect(Object.keys(envelope)).not.toEqual(expect.arrayContaining(['runId', 'stepId', 'traceparent']));
  });

  it('carries the run, step, attempt and trace of its origin when given', () => {
    const full = { ...origin, runId: RUN_ID, stepId: 's', attempt: 4, traceparent: 'tp' };

    expect(createEnvelope('a.b.v1', {}, full)).toMatchObject(full);
  });
});

describe('envelopes outside a run', () => {
  it('carry no runId or stepId key at all, neither created nor caused', () => {
    const origin: EnvelopeOrigin = { tenantId: 't', correlationId: 'c', causationId: 'x' };
    const envelope = createEnvelope('a.b.v1', {}, origin);
    expect(Object.keys(envelope)).not.toEqual(expect.arrayContaining(['runId']));
    expect(Object.keys(envelope)).not.toEqual(expect.arrayContaining(['stepId']));
    const caused = causedBy(envelope);
    expect(Object.keys(caused)).not.toEqual(expect.arrayContaining(['runId']));
    expect(Object.keys(caused)).not.toEqual(expect.arrayContaining(['stepId']));
  });
});

describe('causedBy', () => {
  it('keeps the tenant, correlation, run, step, attempt and trace, and names the cause', () => {
    const cause = createEnvelope(
      'a.b.v1',
      {},
      { ...origin, runId: RUN_ID, stepId: 's', attempt: 2, traceparent: 'tp' },
    );

    expect(causedBy(cause)).toEqual({
      tenantId: 'acme',
      correlationId: 'corr',
      causationId: cause.id,
      runId: RUN_ID,
      stepId: 's',
      attempt: 2,
      traceparent: 'tp',
    });
  });

  it('leaves out what the cause lacks and applies overrides last', () => {
    const cause = createEnvelope('a.b.v1', {}, origin);

    expect(causedBy(cause, { attempt: 9 })).toEqual({
      tenantId: 'acme',
      correlationId: 'corr',
      causationId: cause.id,
      attempt: 9,
    });
  });
});

describe('versionOf and MESSAGE_TYPE_PATTERN', () => {
  it.each([
    ['step.result.v1', 1],
    ['agent.heartbeat.v12', 12],
  ])('reads the version of %s', (type, version) => {
    expect(versionOf(type)).toBe(version);
    expect(MESSAGE_TYPE_PATTERN.test(type)).toBe(true);
  });

  it.each(['step.result', 'step.v1x', 'v1', 'Step.result.v1', 'step.result.v'])('refuses %s', (type) => {
    expect(MESSAGE_TYPE_PATTERN.test(type)).toBe(false);
  });

  it('throws for a type without a version suffix', () => {
    expect(() => versionOf('step.result')).toThrow('message type step.result has no version suffix');
    expect(() => versionOf('step.v1.result')).toThrow('message type step.v1.result has no version suffix');
  });
});

describe('parseEnvelope', () => {
  const valid = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(createEnvelope('step.result.v1', { ok: true }, origin))) as Record<
      string,
      unknown
    >;
  const reasonOf = async (body: unknown): Promise<string> => {
    const parsed = await parseEnvelope(typeof body === 'string' ? body : JSON.stringify(body));
    return parsed.ok ? 'ok' : parsed.reason;
  };

  it('accepts a valid envelope from a Buffer', async () => {
    const parsed = await parseEnvelope(Buffer.from(JSON.stringify(valid())));
    expect(parsed.ok && parsed.envelope.payload).toEqual({ ok: true });
  });

  it.each([
    ['not JSON', 'nope', /^body is not JSON: /],
    ['an array', [], /^body is not a JSON object$/],
    ['null', null, /^body is not a JSON object$/],
    ['a number', 5, /^body is not a JSON object$/],
  ])('refuses %s', async (_, body, reason) => {
    expect(await reasonOf(body)).toMatch(reason);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a non-uuid id', { id: 'x' }, /^invalid envelope: id: /],
    ['an unversioned type', { type: 'step.result' }, /type: /],
    ['version 0', { version: 0 }, /version: /],
    ['a missing tenant', { tenantId: undefined }, /tenantId: /],
    ['a tenant over 128 characters', { tenantId: 'x'.repeat(129) }, /tenantId: /],
    ['a long correlation id', { correlationId: 'x'.repeat(129) }, /correlationId: /],
    ['a long causation id', { causationId: 'x'.repeat(129) }, /causationId: /],
    ['a non-uuid run id', { runId: 'run' }, /runId: /],
    ['a long step id', { stepId: 'x'.repeat(129) }, /stepId: /],
    ['attempt 0', { attempt: 0 }, /attempt: /],
    ['a bad time', { occurredAt: 'yesterday' }, /occurredAt: /],
    ['a non-string traceparent', { traceparent: 5 }, /traceparent: /],
    ['a missing payload', { payload: undefined }, /payload: /],
    ['a non-object payload', { payload: 'x' }, /payload: /],
  ])('refuses an envelope with %s, naming the field', async (_, change, reason) => {
    expect(await reasonOf({ ...valid(), ...change })).toMatch(reason);
  });

  it('accepts the longest allowed identifiers', async () => {
    const longest = 'x'.repeat(128);
    expect(
      await reasonOf({
        ...valid(),
        tenantId: longest,
        correlationId: longest,
        causationId: longest,
        stepId: longest,
      }),
    ).toBe('ok');
  });

  it('joins every problem into one reason', async () => {
    expect(await reasonOf({ ...valid(), id: 'x', attempt: 0 })).toMatch(/id: .*; attempt: /);
  });
});

class Inner {
  @IsInt()
  n!: number;
}

class Outer {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

describe('payloadProblems', () => {
  it('is empty for a valid payload', async () => {
    expect(await payloadProblems(Outer, { name: 'a', inner: { n: 1 } })).toEqual([]);
  });

  it('names nested problems by their path', async () => {
    expect(await payloadProblems(Outer, { name: 3, inner: { n: 'x' } })).toEqual([
      'name: name must be a string',
      'inner.n: n must be an integer number',
    ]);
  });
});
