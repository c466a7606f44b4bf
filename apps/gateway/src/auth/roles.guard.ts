import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@ensemble/contracts';
import { principalOf } from './principal';
import { ROLES_KEY } from './roles.decorator';
import { mayAccess, type Role } from './roles';

import type { HttpRequest } from '../http/request-info';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const { role } = principalOf(req);
    if (!mayAccess(role, req.method, allowed))
      throw new DomainError('FORBIDDEN', `the ${role} role may not ${req.method} this resource`);
    return true;
  }
}
