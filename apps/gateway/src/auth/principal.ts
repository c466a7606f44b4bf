import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, type EnvelopeOrigin } from '@ensemble/contracts';
import { correlationIdOf, type HttpRequest } from '../http/request-info';
import type { Role } from './roles';

/** Who is calling: the API key (directly or through a token minted from it). */
export interface Principal {
  keyId: string;
  tenantId: string;
  role: Role;
  via: 'api-key' | 'jwt';
}

export function principalOf(req: HttpRequest): Principal {
  const user = req.user;
  if (!user) throw new DomainError('UNAUTHENTICATED', 'no authenticated caller');
  return user;
}

/** The origin of every RPC made for this request: the caller's tenant and the correlation id. */
export function originOf(req: HttpRequest): EnvelopeOrigin {
  const correlationId = correlationIdOf(req);
  return { tenantId: principalOf(req).tenantId, correlationId, causationId: correlationId };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  principalOf(ctx.switchToHttp().getRequest<HttpRequest>()),
);

export const RequestOrigin = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  originOf(ctx.switchToHttp().getRequest<HttpRequest>()),
);
