import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  createEnvelope,
  FLEET_CAPABILITIES,
  MessageTypes,
  type AgentCredentials,
  type AgentPrincipalCreateRequest,
  type AgentPrincipalGrantedPayload,
  type AgentPrincipalRevokedPayload,
  type AgentPrincipalView,
  type EnvelopeOrigin,
} from '@ensemble/contracts';
import { MESSAGING_SETTINGS, type MessagingSettings } from '@ensemble/messaging';
import { OutboxWriter, TransactionRunner, type Tx } from '@ensemble/persistence';
import { AgentBrokerAccess } from './agent-broker-access';
import { principalError, PrincipalErrorCode } from './principals.errors';
import { PrincipalsRepository } from './principals.repository';

/**
 * Agent principals: a tenant admin creates one (a broker login allowed to read only its own task
 * queues), gets its password once, and revokes it. The orchestrator learns of each through
 * `principal.granted.v1` / `principal.revoked.v1`, written to the outbox with the change.
 */
@Injectable()
export class PrincipalsService {
  private readonly logger = new Logger(PrincipalsService.name);

  constructor(
    private readonly principals: PrincipalsRepository,
    private readonly broker: AgentBrokerAccess,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxWriter,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
  ) {}

  async create(origin: EnvelopeOrigin, request: AgentPrincipalCreateRequest): Promise<AgentCredentials> {
    const id = randomUUID();
    const username = this.settings.principals.agent(id);
    const password = randomBytes(24).toString('base64url');
    const consume = Object.fromEntries(
      request.capabilities.map((c) => [
        c,
        this.settings.names.taskQueue(origin.tenantId, c, FLEET_CAPABILITIES),
      ]),
    );
    await this.broker.grant(username, password, Object.values(consume));
    const view = await this.transactions.run(async (tx) => {
      const inserted = await this.principals.insert(tx, {
        id,
        tenantId: origin.tenantId,
        ...request,
        username,
      });
      if (inserted)
        await this.announce(tx, origin, MessageTypes.registry.principalGranted, {
          agentId: id,
          username,
          tenantId: origin.tenantId,
          capabilities: request.capabilities,
        });
      return inserted;
    });
    if (!view) {
      await this.broker.revoke(username);
      throw principalError(PrincipalErrorCode.NameTaken, `an agent named "${request.name}" already exists`);
    }
    this.logger.log(`agent principal ${username} created for ${request.capabilities.join(', ')}`);
    const names = this.settings.names;
    return {
      ...view,
      broker: {
        username,
        password,
        vhost: this.broker.vhost,
        consume,
        results: names.resultsQueue,
        events: names.eventsExchange,
      },
    };
  }

  /** Revokes the tenant's principal: the orchestrator stops accepting it, the broker forgets it. Idempotent. */
  async revoke(origin: EnvelopeOrigin, id: string): Promise<AgentPrincipalView> {
    const view = await this.transactions.run(async (tx) => {
      const revoked = await this.principals.revoke(tx, origin.tenantId, id);
      if (revoked)
        await this.announce(tx, origin, MessageTypes.registry.principalRevoked, {
          agentId: id,
          username: revoked.username,
          tenantId: origin.tenantId,
        });
      return revoked;
    });
    if (!view) throw principalError(PrincipalErrorCode.NotFound, `agent ${id} not found`);
    await this.broker.revoke(view.username);
    this.logger.log(`agent principal ${view.username} revoked`);
    return view;
  }

  declaredCapabilities(tenantId: string): Promise<string[]> {
    return this.principals.declaredCapabilities(tenantId);
  }

  /** The live principals among `usernames`, by username. */
  async findLive(usernames: string[]): Promise<Map<string, AgentPrincipalView>> {
    const live = await this.principals.findLive(usernames);
    return new Map(live.map((p) => [p.username, p]));
  }

  private async announce(
    tx: Tx,
    origin: EnvelopeOrigin,
    type: string,
    payload: AgentPrincipalGrantedPayload | AgentPrincipalRevokedPayload,
  ): Promise<void> {
    const envelope = createEnvelope(type, payload, origin);
    await this.outbox.add(tx, [{ exchange: this.settings.names.eventsExchange, routingKey: type, envelope }]);
  }
}
