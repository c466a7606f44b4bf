import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { HttpRequest } from '../http/request-info';
import { DomainError } from '@ensemble/contracts';
import { requestContext } from '@ensemble/observability';
import { AuthFailureLimiter } from '../rate-limit/auth-failure-limiter';
import { API_KEY_STRATEGY } from './api-key.strategy';
import { JWT_STRATEGY } from './jwt.strategy';
import { principalOf, type Principal } from './principal';

/** No strategy found a caller: the failure the limiter counts (passport's callback is synchronous). */
class NoCallerError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'send a valid API key (x-api-key or Authorization: Bearer) or a bearer token');
  }
}

/** Accepts an API key (`x-api-key` or bearer) or a gateway token (bearer). */
@Injectable()
export class ApiAuthGuard extends AuthGuard([API_KEY_STRATEGY, JWT_STRATEGY]) {
  constructor(private readonly failures: AuthFailureLimiter) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await (super.canActivate(context) as Promise<boolean>);
    } catch (error) {
      if (error instanceof NoCallerError)
        await this.failures.failed(context.switchToHttp().getRequest<HttpRequest>());
      throw error;
    }
  }

  override handleRequest<TUser = Principal>(
    err: unknown,
    user: unknown,
    _info: unknown,
    _context: ExecutionContext,
  ): TUser {
    if (err instanceof Error) throw err;
    if (err) throw new Error('authentication failed');
    if (!user) throw new NoCallerError();
    const ctx = requestContext.get();
    if (ctx) ctx.tenantId = (user as Principal).tenantId;
    return user as TUser;
  }
}

/** For routes that only an API key may call (minting a token from a token would never expire). */
@Injectable()
export class ApiKeyOnlyGuard implements CanActivate {
  constructor(private readonly failures: AuthFailureLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    if (principalOf(req).via !== 'api-key') {
      await this.failures.failed(req);
      throw new DomainError('UNAUTHENTICATED', 'this route takes an API key, not a token');
    }
    return true;
  }
}
