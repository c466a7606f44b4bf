import { BrokerNames } from '@ensemble/contracts';
import { agentPermissions, fleetPermissions } from './permissions';

const names = new BrokerNames('ens');
const allows = (regex: string, name: string): boolean => new RegExp(regex).test(name);

describe('broker permissions', () => {
  it("lets a fleet agent read its own capability queue and RPC queue, not another's", () => {
    const p = fleetPermissions('validation-agent', names);
    expect(allows(p.read, 'ens.cap.validation')).toBe(true);
    expect(allows(p.read, 'ens.rpc.validation')).toBe(true);
    expect(allows(p.read, 'ens.cap.decision')).toBe(false);
    expect(allows(p.read, 'ens.orchestrator.results')).toBe(false);
    expect(allows(p.configure, 'ens.cap.validationx')).toBe(false);
  });

  it('lets the gateway read only its reply queues', () => {
    const p = fleetPermissions('gateway', names);
    expect(allows(p.read, 'amq.gen-abc')).toBe(true);
    expect(allows(p.read, 'ens.rpc.orchestrator')).toBe(false);
    expect(allows(p.configure, 'ens.rpc.orchestrator')).toBe(false);
  });

  it('lets the orchestrator declare any task queue, fleet or tenant', () => {
    const p = fleetPermissions('orchestrator', names);
    expect(allows(p.configure, 'ens.tcap.acme.invoice.ocr')).toBe(true);
    expect(allows(p.configure, 'ens.cap.validation.dlq')).toBe(true);
    expect(allows(p.read, 'ens.rpc.registry')).toBe(false);
  });

  it('confines a tenant agent to its own task queues and forbids declaring exchanges', () => {
    const queue = names.taskQueue('acme', 'invoice.ocr', new Set());
    const p = agentPermissions([queue], names);
    expect(allows(p.read, queue)).toBe(true);
    expect(allows(p.configure, `${queue}.retry`)).toBe(true);
    expect(allows(p.read, names.taskQueue('other', 'invoice.ocr', new Set()))).toBe(false);
    expect(allows(p.read, 'ens.cap.validation')).toBe(false);
    expect(allows(p.read, 'ens.orchestrator.results')).toBe(false);
    expect(allows(p.configure, 'ens.events')).toBe(false);
    expect(allows(p.configure, 'ens.dlx')).toBe(false);
    // A dot in a queue name is literal, not "any character".
    expect(allows(p.read, 'ens.tcap.acme.invoiceXocr')).toBe(false);
  });
});
