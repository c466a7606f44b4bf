import { Module } from '@nestjs/common';
import { WorkflowsHttpController } from './workflows.http.controller';
import { WorkflowsService } from './workflows.service';

@Module({ controllers: [WorkflowsHttpController], providers: [WorkflowsService] })
export class WorkflowsModule {}
