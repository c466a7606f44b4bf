import { Module, type DynamicModule } from '@nestjs/common';
import { PrincipalsModule } from '../principals/principals.module';
import { RegistryConfig } from '../registry.config';
import { AgentHealthSweeper } from './agent-health.sweeper';
import { AgentsMetrics } from './agents.metrics';
import { AgentsRepository } from './agents.repository';
import { AgentsRmqController } from './agents.rmq.controller';
import { AgentsService } from './agents.service';

/** Agents: announcements in, health kept current, `agent.list` answered. */
@Module({})
export class AgentsModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: AgentsModule,
      imports: [PrincipalsModule.register(config)],
      controllers: [AgentsRmqController],
      providers: [
        { provide: RegistryConfig, useValue: config },
        AgentsRepository,
        AgentsMetrics,
        AgentsService,
        AgentHealthSweeper,
      ],
    };
  }
}
