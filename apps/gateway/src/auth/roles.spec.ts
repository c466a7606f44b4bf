import { ADMINS, EVERYONE, mayAccess, OPERATORS, ROLES, type Role } from './roles';

describe('mayAccess', () => {
  it('lets every role read a route without @Roles', () => {
    for (const role of ROLES) expect(mayAccess(role, 'GET', undefined)).toBe(true);
  });

  it('lets only admins write a route without @Roles, so a missing decorator fails closed', () => {
    const writers = ROLES.filter((role) => mayAccess(role, 'POST', undefined));

    expect(writers).toEqual(['admin']);
  });

  it('lets operators and admins, not viewers, change operator resources', () => {
    const allowed = (role: Role): boolean => mayAccess(role, 'POST', OPERATORS);

    expect(ROLES.filter(allowed)).toEqual(['admin', 'operator']);
  });

  it('keeps admin routes, reads included, to admins', () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      expect(ROLES.filter((role) => mayAccess(role, method, ADMINS))).toEqual(['admin']);
    }
  });

  it('lets every role call a route open to everyone', () => {
    expect(ROLES.every((role) => mayAccess(role, 'POST', EVERYONE))).toBe(true);
  });
});
