import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import type { BodyLimits } from '../gateway.config';
import { readJsonBody } from './body-limits';
import type { HttpRequest } from './request-info';

/** Reads the JSON body only once the caller is authenticated, rate limited and allowed the route. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  private readonly limits: BodyLimits;

  constructor(config: GatewayConfig) {
    this.limits = config.bodyLimits();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    req.body = await readJsonBody(req.raw, this.limits);
    return true;
  }
}
