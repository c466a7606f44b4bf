import { Module } from '@nestjs/common';
import { RuleSetCatalog } from './rule-set-catalog';
import { RuleSetsRepository } from './rule-sets.repository';
import { RuleSetsRmqController } from './rule-sets.rmq.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({
  controllers: [RuleSetsRmqController],
  providers: [RuleSetsRepository, RuleSetsService, RuleSetCatalog],
  exports: [RuleSetCatalog],
})
export class RuleSetsModule {}
