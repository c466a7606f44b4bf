import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../gateway.config';
import { JsonBodyParser } from './body-limits';

/** Reads the JSON body only once the caller is authenticated, rate limited and allowed the route. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  private readonly parser: JsonBodyParser;

  constructor(config: GatewayConfig) {
    this.parser = new JsonBodyParser(config.bodyLimits());
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.parser.parse(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
