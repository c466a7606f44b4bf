import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiAuthGuard } from '../auth/auth.guards';
import { RolesGuard } from '../auth/roles.guard';
import { ProblemDto, ProblemErrorDto } from '../problems/problem.dto';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-content-type';
import { JsonBodyGuard } from './json-body.guard';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';

export const API_KEY_SCHEME = 'api-key';
export const BEARER_SCHEME = 'bearer';

/** `Retry-After` on a 429: whole seconds until the next request can succeed. */
const RETRY_AFTER: HeadersObject = {
  'Retry-After': {
    description: 'Seconds until a request can succeed',
    schema: { type: 'integer', minimum: 0 },
  },
};

const WWW_AUTHENTICATE: HeadersObject = {
  'WWW-Authenticate': { description: 'Bearer realm="ensemble"', schema: { type: 'string' } },
};

/** An error response: the Problem schema as application/problem+json. */
export function ProblemResponse(status: number, description: string, headers?: HeadersObject) {
  return ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
    ...(headers ? { headers } : {}),
  });
}

/** 409: the resource exists already, or is in a state that does not allow the request. */
export function ConflictResponse(description: string) {
  return ProblemResponse(409, description);
}

/** 404 of a route whose resource lives in the gateway itself. */
export function NotFoundResponse(description = "No such resource in the caller's tenant") {
  return ProblemResponse(404, description);
}

/**
 * A controller of the public API: authenticated (API key or token), rate limited per key, role
 * checked, its body read only then, and documented with both security schemes and its problems.
 */
export function ApiController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(path),
    UseGuards(ApiAuthGuard, RateLimitGuard, RolesGuard, JsonBodyGuard),
    ApiTags(tag),
    ApiSecurity(API_KEY_SCHEME),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtraModels(ProblemDto, ProblemErrorDto),
    ProblemResponse(400, 'The request is invalid: errors names each field'),
    ProblemResponse(401, 'No valid API key or token', WWW_AUTHENTICATE),
    ProblemResponse(403, 'The role may not do this'),
    ProblemResponse(413, "The body exceeds the route's limit"),
    ProblemResponse(415, 'A body that is not application/json'),
    ProblemResponse(
      429,
      'Too many requests for the key, or failed authentications from the address',
      RETRY_AFTER,
    ),
    ProblemResponse(500, 'An unexpected error; the correlationId finds it in the logs'),
  );
}

/** Errors of routes served by another app over RPC. */
export function UpstreamResponses(): ClassDecorator {
  return applyDecorators(
    NotFoundResponse(),
    ProblemResponse(503, 'The owning service is not running'),
    ProblemResponse(504, 'The owning service did not answer in time'),
  );
}
