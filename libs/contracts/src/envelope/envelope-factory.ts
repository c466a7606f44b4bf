import { randomUUID } from 'node:crypto';
import { versionOf, type Envelope } from './envelope';

export interface EnvelopeOrigin {
  tenantId: string;
  correlationId: string;
  /** Id of the message or request that caused this one. */
  causationId: string;
  runId?: string;
  stepId?: string;
  attempt?: number;
  traceparent?: string;
}

export function createEnvelope<P extends object>(
  type: string,
  payload: P,
  origin: EnvelopeOrigin,
): Envelope<P> {
  return {
    id: randomUUID(),
    type,
    version: versionOf(type),
    tenantId: origin.tenantId,
    correlationId: origin.correlationId,
    causationId: origin.causationId,
    ...(origin.runId === undefined ? {} : { runId: origin.runId }),
    ...(origin.stepId === undefined ? {} : { stepId: origin.stepId }),
    attempt: origin.attempt ?? 1,
    occurredAt: new Date().toISOString(),
    ...(origin.traceparent === undefined ? {} : { traceparent: origin.traceparent }),
    payload,
  };
}

/** Origin for a message caused by `cause`: same tenant, correlation, run and step. */
export function causedBy(cause: Envelope<object>, overrides: Partial<EnvelopeOrigin> = {}): EnvelopeOrigin {
  return {
    tenantId: cause.tenantId,
    correlationId: cause.correlationId,
    causationId: cause.id,
    ...(cause.runId === undefined ? {} : { runId: cause.runId }),
    ...(cause.stepId === undefined ? {} : { stepId: cause.stepId }),
    attempt: cause.attempt,
    ...(cause.traceparent === undefined ? {} : { traceparent: cause.traceparent }),
    ...overrides,
  };
}
