import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AgentAnnouncementPayload,
  type AgentListRequest,
  type AgentView,
  type Envelope,
  type Page,
} from '@ensemble/contracts';
import { MESSAGING_SETTINGS, PoisonMessageError, type MessagingSettings } from '@ensemble/messaging';
import { PrincipalsService } from '../principals/principals.service';
import { RegistryConfig } from '../registry.config';
import {
  announcedState,
  healthAt,
  heardAt,
  sweepCutoffs,
  type AnnouncedState,
  type HealthThresholds,
} from './agent-health';
import { agentPage, agentPageSize, decodeAgentCursor } from './agent-paging';
import { AgentsMetrics } from './agents.metrics';
import { AgentsRepository } from './agents.repository';

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  private readonly thresholds: HealthThresholds;

  constructor(
    private readonly agents: AgentsRepository,
    private readonly config: RegistryConfig,
    private readonly principals: PrincipalsService,
    private readonly metrics: AgentsMetrics,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
  ) {
    this.thresholds = {
      unhealthyAfterMs: config.AGENT_UNHEALTHY_AFTER_MS,
      offlineAfterMs: config.AGENT_OFFLINE_AFTER_MS,
    };
  }

  /** A registration or heartbeat: the agent is alive (or draining) as of the envelope's time. */
  async announced(
    envelope: Envelope<AgentAnnouncementPayload>,
    registration: boolean,
    sender: string | undefined,
  ): Promise<void> {
    await this.record(envelope, announcedState(envelope.payload.status), registration, sender);
  }

  async deregistered(
    envelope: Envelope<AgentAnnouncementPayload>,
    sender: string | undefined,
  ): Promise<void> {
    await this.record(envelope, 'offline', false, sender);
    this.logger.log(`agent ${envelope.payload.agentId} deregistered`);
  }

  /** The fleet's agents and the caller's own tenant's agents, one page in agent id order. */
  async list(tenantId: string, request: AgentListRequest): Promise<Page<AgentView>> {
    const size = agentPageSize(request.limit);
    const after = decodeAgentCursor(request.cursor);
    return agentPage(await this.agents.list(tenantId, request, after, size + 1), size);
  }

  /**
   * Whose agent announced: a fleet agent for its own capabilities (no tenant), or a live tenant
   * principal for capabilities granted to it. Anything else is poison, never a registration.
   */
  private async originOf(
    sender: string | undefined,
    capabilities: string[],
  ): Promise<{ tenantId: string | null; principal: string }> {
    if (sender === undefined) throw new PoisonMessageError('announcement without a user-id');
    const fleet = this.settings.principals.fleetCapabilitiesOf(sender);
    if (fleet.length > 0) {
      if (capabilities.every((c) => fleet.includes(c))) return { tenantId: null, principal: sender };
      throw new PoisonMessageError(`${sender} announced capabilities it does not serve`);
    }
    const principal = this.settings.principals.isAgentPrincipal(sender)
      ? await this.principals.findLive(sender)
      : null;
    if (!principal) throw new PoisonMessageError(`${sender} is not a live agent principal`);
    if (!capabilities.every((c) => principal.capabilities.includes(c)))
      throw new PoisonMessageError(`${sender} announced capabilities it was not granted`);
    return { tenantId: principal.tenantId, principal: sender };
  }

  /** Degrades agents that stopped heartbeating and forgets long-offline ones. */
  async sweep(now = new Date()): Promise<void> {
    const changes = await this.agents.sweep(sweepCutoffs(now, this.thresholds));
    for (const change of changes) this.logger.warn(`agent ${change.agentId} is now ${change.health}`);
    const forgotten = await this.agents.forgetOffline(
      new Date(now.getTime() - this.config.AGENT_RETENTION_MS),
    );
    if (forgotten > 0) this.logger.log(`forgot ${forgotten} long-offline agents`);
  }

  private async record(
    envelope: Envelope<AgentAnnouncementPayload>,
    announced: AnnouncedState,
    registration: boolean,
    sender: string | undefined,
  ): Promise<void> {
    const origin = await this.originOf(sender, envelope.payload.capabilities);
    const now = new Date();
    const at = heardAt(envelope.occurredAt, now);
    const { agentId, name, version, capabilities, concurrency, host } = envelope.payload;
    await this.agents.record(
      {
        agentId,
        name,
        version,
        capabilities,
        concurrency,
        host: host ?? null,
        health: healthAt(now, at, announced, this.thresholds),
        heardAt: at,
        ...origin,
      },
      registration,
    );
    this.metrics.announcementLag.observe({ type: envelope.type }, (Date.now() - at.getTime()) / 1000);
  }
}
