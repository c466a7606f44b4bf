import { Injectable, Logger } from '@nestjs/common';
import type { AgentAnnouncementPayload, AgentListRequest, AgentView, Envelope } from '@ensemble/contracts';
import { RegistryConfig } from '../registry.config';
import {
  announcedState,
  healthAt,
  heardAt,
  sweepCutoffs,
  type AnnouncedState,
  type HealthThresholds,
} from './agent-health';
import { AgentsRepository } from './agents.repository';

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  private readonly thresholds: HealthThresholds;

  constructor(
    private readonly agents: AgentsRepository,
    private readonly config: RegistryConfig,
  ) {
    this.thresholds = {
      unhealthyAfterMs: config.AGENT_UNHEALTHY_AFTER_MS,
      offlineAfterMs: config.AGENT_OFFLINE_AFTER_MS,
    };
  }

  /** A registration or heartbeat: the agent is alive (or draining) as of the envelope's time. */
  async announced(envelope: Envelope<AgentAnnouncementPayload>, registration: boolean): Promise<void> {
    await this.record(envelope, announcedState(envelope.payload.status), registration);
  }

  async deregistered(envelope: Envelope<AgentAnnouncementPayload>): Promise<void> {
    await this.record(envelope, 'offline', false);
    this.logger.log(`agent ${envelope.payload.agentId} deregistered`);
  }

  list(request: AgentListRequest): Promise<AgentView[]> {
    return this.agents.list(request);
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
  ): Promise<void> {
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
      },
      registration,
    );
  }
}
