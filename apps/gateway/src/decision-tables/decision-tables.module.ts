import { Module } from '@nestjs/common';
import { DecisionTablesHttpController } from './decision-tables.http.controller';
import { DecisionTablesService } from './decision-tables.service';

@Module({ controllers: [DecisionTablesHttpController], providers: [DecisionTablesService] })
export class DecisionTablesModule {}
