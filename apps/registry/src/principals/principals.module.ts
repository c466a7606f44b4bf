import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryConfig } from '../registry.config';
import { AgentBrokerAccess } from './agent-broker-access';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsRmqController } from './principals.rmq.controller';
import { PrincipalsService } from './principals.service';

/** Agent principals: create (credentials returned once), revoke, and the capabilities they declare. */
@Module({})
export class PrincipalsModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: PrincipalsModule,
      controllers: [PrincipalsRmqController],
      providers: [
        { provide: RegistryConfig, useValue: config },
        PrincipalsRepository,
        AgentBrokerAccess,
        PrincipalsService,
      ],
      exports: [PrincipalsService],
    };
  }
}
