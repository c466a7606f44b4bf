import { Global, Module } from '@nestjs/common';
import { RuleSetCatalog } from './rule-set-catalog';
import { RuleSetsRepository } from './rule-sets.repository';
import { RuleSetsRmqController } from './rule-sets.rmq.controller';
import { RuleSetsService } from './rule-sets.service';

/** Global because AgentHostModule builds the validation plugin, which reads rule sets. */
@Global()
@Module({
  controllers: [RuleSetsRmqController],
  providers: [RuleSetsRepository, RuleSetsService, RuleSetCatalog],
  exports: [RuleSetCatalog],
})
export class RuleSetsModule {}
