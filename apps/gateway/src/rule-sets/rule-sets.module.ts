import { Module } from '@nestjs/common';
import { RuleSetsHttpController } from './rule-sets.http.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({ controllers: [RuleSetsHttpController], providers: [RuleSetsService] })
export class RuleSetsModule {}
