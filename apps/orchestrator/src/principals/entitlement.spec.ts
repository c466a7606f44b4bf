import { PrincipalNames } from '@ensemble/contracts';
import { refusalOf, type AgentGrant } from './entitlement';

const principals = new PrincipalNames('ens');
const grants = new Map<string, AgentGrant>([
  ['ens.agent.a', { tenantId: 'acme', capabilities: ['invoice.ocr'] }],
]);
const claim = (sender: string | undefined, tenantId = 'acme', capability = 'invoice.ocr') => ({
  sender,
  tenantId,
  capability,
});

describe('who may report a result', () => {
  it('accepts a fleet agent for its own capability in any tenant', () => {
    expect(refusalOf(claim('ens.validation-agent', 'anyone', 'validation'), principals, grants)).toBeNull();
  });

  it('refuses a fleet agent for another capability', () => {
    expect(refusalOf(claim('ens.data-agent', 'acme', 'validation'), principals, grants)).toMatch(
      /not an agent entitled/,
    );
  });

  it("accepts a tenant's agent for a granted capability of its own tenant", () => {
    expect(refusalOf(claim('ens.agent.a'), principals, grants)).toBeNull();
  });

  it.each([
    ['another tenant', claim('ens.agent.a', 'globex'), /another tenant/],
    ['a capability not granted', claim('ens.agent.a', 'acme', 'validation'), /not entitled/],
    ['an unknown or revoked principal', claim('ens.agent.b'), /not an agent entitled/],
    ['no user-id', claim(undefined), /no user-id/],
    ['the gateway', claim('ens.gateway'), /not an agent entitled/],
  ])('refuses %s', (_, c, reason) => {
    expect(refusalOf(c, principals, grants)).toMatch(reason);
  });
});
