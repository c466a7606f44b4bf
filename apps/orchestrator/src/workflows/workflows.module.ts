import { Module } from '@nestjs/common';
import { WorkflowsRepository } from './workflows.repository';
import { WorkflowsRmqController } from './workflows.rmq.controller';
import { WorkflowsService } from './workflows.service';

@Module({
  providers: [WorkflowsRepository, WorkflowsService],
  controllers: [WorkflowsRmqController],
  exports: [WorkflowsRepository],
})
export class WorkflowsModule {}
