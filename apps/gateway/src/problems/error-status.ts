import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from '@ensemble/contracts';
import { assertNever } from './assert-never';

/** The one place an error code becomes an HTTP status. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return HttpStatus.BAD_REQUEST;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'CONFLICT':
    case 'INVALID_STATE':
      return HttpStatus.CONFLICT;
    case 'UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'UPSTREAM_UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'UPSTREAM_TIMEOUT':
      return HttpStatus.GATEWAY_TIMEOUT;
    case 'INTERNAL':
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertNever(code);
  }
}

/** The code of an error that arrived only as an HTTP status (Nest's own exceptions). */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 502:
    case 503:
      return 'UPSTREAM_UNAVAILABLE';
    case 504:
      return 'UPSTREAM_TIMEOUT';
    default:
      return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
  }
}

/** A short, stable problem type per code (RFC 9457 `type`). */
export function problemTypeOf(code: ErrorCode): string {
  return `urn:ensemble:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
