import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiAuthGuard } from '../auth/auth.guards';
import { RolesGuard } from '../auth/roles.guard';
import { ProblemDto } from '../problems/problem.dto';
import { JsonBodyGuard } from './json-body.guard';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';

export const API_KEY_SCHEME = 'api-key';
export const BEARER_SCHEME = 'bearer';

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
    ApiBadRequestResponse({ type: ProblemDto, description: 'Invalid request (problem+json)' }),
    ApiUnauthorizedResponse({ type: ProblemDto, description: 'No valid API key or token' }),
    ApiForbiddenResponse({ type: ProblemDto, description: 'The role may not do this' }),
    ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limited; see Retry-After' }),
    ApiPayloadTooLargeResponse({ type: ProblemDto, description: "The body exceeds the route's limit" }),
  );
}

/** Errors of routes served by another app over RPC. */
export function UpstreamResponses(): ClassDecorator {
  return applyDecorators(
    ApiNotFoundResponse({ type: ProblemDto, description: "No such resource in the caller's tenant" }),
    ApiServiceUnavailableResponse({ type: ProblemDto, description: 'The owning service is not running' }),
    ApiGatewayTimeoutResponse({ type: ProblemDto, description: 'The owning service did not answer in time' }),
  );
}
