import { PrincipalNames, type AgentPrincipalView } from '@ensemble/contracts';
import { PoisonMessageError } from '@ensemble/messaging';
import { originOf } from './agent-origin';

const names = new PrincipalNames('ens');
const ocr: AgentPrincipalView = {
  id: '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10',
  tenantId: 'acme',
  name: 'ocr',
  capabilities: ['acme.ocr'],
  username: names.agent('6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10'),
  createdAt: '2026-12-02T00:00:00.000Z',
  revokedAt: null,
};
const live = new Map([[ocr.username, ocr]]);

describe('originOf', () => {
  it("places a fleet agent's announcement of its own capabilities in no tenant", () => {
    expect(originOf('ens.data-agent', ['data'], names, live)).toEqual({
      tenantId: null,
      principal: 'ens.data-agent',
    });
  });

  it("places a live tenant principal's announcement in its tenant", () => {
    expect(originOf(ocr.username, ['acme.ocr'], names, live)).toEqual({
      tenantId: 'acme',
      principal: ocr.username,
    });
  });

  it.each([
    ['no user-id', undefined, ['data']],
    ['a fleet agent announcing a capability it does not serve', 'ens.data-agent', ['validation']],
    ['a principal announcing a capability it was not granted', ocr.username, ['acme.other']],
    [
      'a principal that is not live (revoked or unknown)',
      names.agent('00000000-0000-4000-8000-000000000000'),
      [],
    ],
    ['a fleet app that is not an agent', 'ens.gateway', []],
  ])('refuses %s as poison', (_what, sender, capabilities) => {
    expect(() => originOf(sender, capabilities, names, live)).toThrow(PoisonMessageError);
  });
});
