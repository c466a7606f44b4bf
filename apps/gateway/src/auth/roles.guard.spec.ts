import { Controller, Get, Post, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@ensemble/contracts';
import type { Principal } from './principal';
import { Roles } from './roles.decorator';
import { RolesGuard } from './roles.guard';
import type { Role } from './roles';

@Controller('admins-only')
@Roles('admin')
class AdminsOnlyController {
  @Get()
  list(): void {
    return undefined;
  }

  @Post()
  @Roles('admin', 'operator')
  create(): void {
    return undefined;
  }
}

@Controller('defaults')
class DefaultsController {
  @Get()
  read(): void {
    return undefined;
  }

  @Post()
  write(): void {
    return undefined;
  }
}

/** The ExecutionContext Nest builds for an HTTP call of `handler` on `controller`. */
function contextOf(controller: Type, handler: string, method: string, role: Role): ExecutionContext {
  const user: Principal = { keyId: 'k', tenantId: 't', role, via: 'api-key' };
  const request = { method, user };
  return {
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, () => void>)[handler],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const guard = new RolesGuard(new Reflector());
const allows = (controller: Type, handler: string, method: string, role: Role): boolean => {
  try {
    return guard.canActivate(contextOf(controller, handler, method, role));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'FORBIDDEN') return false;
    throw error;
  }
};

describe('RolesGuard', () => {
  it.each<[Role, boolean]>([
    ['admin', true],
    ['operator', false],
    ['viewer', false],
  ])('applies a class-level @Roles to a route without its own (%s may read: %s)', (role, allowed) => {
    expect(allows(AdminsOnlyController, 'list', 'GET', role)).toBe(allowed);
  });

  it.each<[Role, boolean]>([
    ['admin', true],
    ['operator', true],
    ['viewer', false],
  ])("lets a route's own @Roles override its class's (%s may create: %s)", (role, allowed) => {
    expect(allows(AdminsOnlyController, 'create', 'POST', role)).toBe(allowed);
  });

  it.each<[Role, string, boolean]>([
    ['viewer', 'GET', true],
    ['viewer', 'POST', false],
    ['operator', 'POST', false],
    ['admin', 'POST', true],
  ])('without @Roles lets %s %s: %s', (role, method, allowed) => {
    expect(allows(DefaultsController, method === 'GET' ? 'read' : 'write', method, role)).toBe(allowed);
  });

  it('names the role and the method when it forbids', () => {
    expect(() => guard.canActivate(contextOf(AdminsOnlyController, 'list', 'GET', 'viewer'))).toThrow(
      'the viewer role may not GET this resource',
    );
  });
});
