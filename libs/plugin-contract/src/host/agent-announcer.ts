import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createEnvelope, MessageTypes, type AgentAnnouncementPayload } from '@ensemble/contracts';
import { MESSAGING_SETTINGS, Publisher, type MessagingSettings } from '@ensemble/messaging';
import { AgentHostService } from './agent-host.service';

export const HEARTBEAT_INTERVAL_MS = 5000;

/**
 * Registers the agent with the registry at start and heartbeats. Stopping, it first says it is
 * draining (before the transport stops taking tasks and finishes the ones in flight), then
 * deregisters once everything has stopped.
 */
@Injectable()
export class AgentAnnouncer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(AgentAnnouncer.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: AgentHostService,
    private readonly publisher: Publisher,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
  ) {}

  onApplicationBootstrap(): void {
    void this.announce(MessageTypes.agents.agentRegistered);
    this.timer = setInterval(() => {
      void this.announce(MessageTypes.agents.agentHeartbeat);
    }, HEARTBEAT_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.announce(MessageTypes.agents.agentHeartbeat, 'draining');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.announce(MessageTypes.agents.agentDeregistered);
  }

  private async announce(type: string, status?: 'draining'): Promise<void> {
    const plugin = this.host.plugins.at(0);
    const payload: AgentAnnouncementPayload = {
      agentId: `${this.settings.service}@${this.host.agentId}`,
      name: this.settings.service,
      version: plugin?.metadata.version ?? '0.0.0',
      capabilities: this.host.capabilities,
      concurrency: this.settings.prefetch,
      host: hostname(),
      ...(status === undefined ? {} : { status }),
    };
    const id = randomUUID();
    const envelope = createEnvelope(type, payload, {
      tenantId: 'system',
      correlationId: id,
      causationId: id,
    });
    await this.publisher
      .publish(this.settings.names.eventsExchange, type, envelope, { persistent: false })
      .catch((error: unknown) => {
        // Unroutable until the registry has declared its queue; the next heartbeat will do.
        this.logger.debug(`announcement ${type} not delivered: ${(error as Error).message}`);
      });
  }
}
