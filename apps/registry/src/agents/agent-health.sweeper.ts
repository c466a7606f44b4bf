import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RegistryConfig } from '../registry.config';
import { AgentsService } from './agents.service';

/** Runs the health sweep on an interval; a sweep still running when the next is due is not doubled. */
@Injectable()
export class AgentHealthSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AgentHealthSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly agents: AgentsService,
    private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.tick();
    }, this.config.AGENT_SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.agents
      .sweep()
      .catch((error: unknown) => {
        this.logger.warn(`health sweep failed: ${(error as Error).message}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
