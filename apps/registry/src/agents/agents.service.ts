import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AgentAnnouncementPayload,
  type AgentListRequest,
  type AgentView,
  type Envelope,
  type Page,
} from '@ensemble/contracts';
import { MESSAGING_SETTINGS, PoisonMessageError, type MessagingSettings } from '@ensemble/messaging';
import { MicroBatcher } from '@ensemble/persistence';
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
import { originOf, type AgentOrigin } from './agent-origin';
import { AgentsMetrics } from './agents.metrics';
import { AgentsRepository, type AgentRecord, type Announcement } from './agents.repository';

interface Announced {
  envelope: Envelope<AgentAnnouncementPayload>;
  announced: AnnouncedState;
  registration: boolean;
  sender: string | undefined;
}

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  private readonly thresholds: HealthThresholds;
  private readonly recorder = new MicroBatcher<Announced, PoisonMessageError | undefined>((batch) =>
    this.recordBatch(batch),
  );

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

  /** Degrades agents that stopped heartbeating and forgets long-offline ones. */
  async sweep(now = new Date()): Promise<void> {
    const changes = await this.agents.sweep(sweepCutoffs(now, this.thresholds));
    for (const change of changes) this.logger.warn(`agent ${change.agentId} is now ${change.health}`);
    const forgotten = await this.agents.forgetOffline(
      new Date(now.getTime() - this.config.AGENT_RETENTION_MS),
    );
    if (forgotten > 0) this.logger.log(`forgot ${forgotten} long-offline agents`);
  }

  /** Resolves with the announcement's refusal (poison), if any, once what it says is committed. */
  private async record(
    envelope: Envelope<AgentAnnouncementPayload>,
    announced: AnnouncedState,
    registration: boolean,
    sender: string | undefined,
  ): Promise<void> {
    const refusal = await this.recorder.submit({ envelope, announced, registration, sender });
    if (refusal) throw refusal;
    const lagMs = Date.now() - heardAt(envelope.occurredAt, new Date()).getTime();
    this.metrics.announcementLag.observe({ type: envelope.type }, lagMs / 1000);
  }

  /**
   * Announcements delivered together: their senders' principals in one read, then what they say
   * in one statement. A refused announcement (poison) is left out and gets its own refusal.
   */
  private async recordBatch(batch: Announced[]): Promise<(PoisonMessageError | undefined)[]> {
    const names = this.settings.principals;
    const senders = new Set(batch.map((a) => a.sender ?? '').filter((u) => names.isAgentPrincipal(u)));
    const live = await this.principals.findLive([...senders]);
    const now = new Date();
    const accepted: Announcement[] = [];
    const refusals = batch.map(({ envelope, announced, registration, sender }) => {
      try {
        const origin = originOf(sender, envelope.payload.capabilities, names, live);
        accepted.push({ agent: this.recordOf(envelope, announced, origin, now), registration });
        return undefined;
      } catch (error) {
        if (error instanceof PoisonMessageError) return error;
        throw error;
      }
    });
    await this.agents.recordMany(accepted);
    return refusals;
  }

  private recordOf(
    envelope: Envelope<AgentAnnouncementPayload>,
    announced: AnnouncedState,
    origin: AgentOrigin,
    now: Date,
  ): AgentRecord {
    const at = heardAt(envelope.occurredAt, now);
    const { agentId, name, version, capabilities, concurrency, host } = envelope.payload;
    return {
      agentId,
      name,
      version,
      capabilities,
      concurrency,
      host: host ?? null,
      health: healthAt(now, at, announced, this.thresholds),
      heardAt: at,
      ...origin,
    };
  }
}
