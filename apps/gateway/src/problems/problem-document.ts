import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorCode } from '@ensemble/contracts';
import { codeOfStatus, problemTypeOf, statusOf } from './error-status';

/** RFC 9457 problem details, as every gateway error is sent. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  correlationId: string;
  code: ErrorCode;
  errors?: ProblemError[];
}

/** One thing wrong with the request: where (a field path, '' for the request as a whole) and what. */
export interface ProblemError {
  path: string;
  message: string;
}

export interface Problem {
  body: ProblemDocument;
  /** Seconds for a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** True when the error was not expected: log it with its stack. */
  unexpected: boolean;
}

export interface ProblemContext {
  instance: string;
  correlationId: string;
}

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  INVALID_STATE: 'Invalid state',
  UNAUTHENTICATED: 'Unauthenticated',
  FORBIDDEN: 'Forbidden',
  RATE_LIMITED: 'Too many requests',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UPSTREAM_UNAVAILABLE: 'Upstream unavailable',
  UPSTREAM_TIMEOUT: 'Upstream timeout',
  INTERNAL: 'Internal error',
};

/** A DomainError that also says when to try again. */
export class RetryLaterError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

interface Classified {
  code: ErrorCode;
  status: number;
  detail: string;
  errors?: ProblemError[];
  retryAfterSeconds?: number;
  unexpected: boolean;
}

/** Turns anything thrown while serving a request into the problem document sent back. */
export function toProblem(error: unknown, context: ProblemContext): Problem {
  const c = classify(error);
  const body: ProblemDocument = {
    type: problemTypeOf(c.code),
    title: TITLES[c.code],
    status: c.status,
    detail: c.detail,
    instance: context.instance,
    correlationId: context.correlationId,
    code: c.code,
    ...(c.errors === undefined || c.errors.length === 0 ? {} : { errors: c.errors }),
  };
  return {
    body,
    unexpected: c.unexpected,
    ...(c.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: c.retryAfterSeconds }),
  };
}

function classify(error: unknown): Classified {
  if (error instanceof DomainError) {
    return {
      code: error.code,
      status: statusOf(error.code),
      detail: error.message,
      errors: problemErrors(error.details),
      unexpected: error.code === 'INTERNAL',
      ...(error instanceof RetryLaterError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  const exposed = exposedHttpError(error);
  if (exposed) return exposed;
  return { code: 'INTERNAL', status: 500, detail: 'An unexpected error occurred.', unexpected: true };
}

function fromHttpException(error: HttpException): Classified {
  const status = error.getStatus();
  const response = error.getResponse();
  const message = typeof response === 'object' ? (response as { message?: unknown }).message : response;
  const fieldList = Array.isArray(message) ? message.map(String) : undefined;
  return {
    code: codeOfStatus(status),
    status,
    detail: typeof message === 'string' ? message : error.message,
    ...(fieldList ? { errors: problemErrors(fieldList) } : {}),
    unexpected: status >= 500,
  };
}

/** Errors from express middleware (body-parser) that follow the http-errors convention. */
function exposedHttpError(error: unknown): Classified | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || expose !== true || status < 400 || status >= 500) return undefined;
  return { code: codeOfStatus(status), status, detail: error.message, unexpected: false };
}

/**
 * The one shape of `errors`, whatever shape a service gave its details in: a list of
 * `{path, message}` (kept), of strings (a message about the request as a whole) or of ajv errors
 * (`instancePath`). Details that are not a list (an id, a status) only restate `detail`: dropped.
 */
export function problemErrors(details: unknown): ProblemError[] | undefined {
  if (!Array.isArray(details)) return undefined;
  return details.map(problemError);
}

function problemError(item: unknown): ProblemError {
  if (typeof item === 'string') return { path: '', message: item };
  if (typeof item === 'object' && item !== null) {
    const { path, instancePath, message } = item as Record<string, unknown>;
    const where = typeof path === 'string' ? path : typeof instancePath === 'string' ? instancePath : '';
    return { path: where, message: typeof message === 'string' ? message : JSON.stringify(item) };
  }
  return { path: '', message: String(item) };
}
