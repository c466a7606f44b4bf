import { Module } from '@nestjs/common';
import { TableCompiler } from '../decision/table-compiler';
import { DecisionTablesRepository } from './decision-tables.repository';
import { DecisionTablesRmqController } from './decision-tables.rmq.controller';
import { DecisionTablesService } from './decision-tables.service';

@Module({
  controllers: [DecisionTablesRmqController],
  providers: [DecisionTablesRepository, DecisionTablesService, TableCompiler],
  exports: [DecisionTablesService, TableCompiler],
})
export class DecisionTablesModule {}
