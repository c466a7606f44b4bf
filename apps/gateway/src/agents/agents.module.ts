import { Module } from '@nestjs/common';
import { AgentsHttpController } from './agents.http.controller';
import { AgentsService } from './agents.service';

@Module({ controllers: [AgentsHttpController], providers: [AgentsService] })
export class AgentsModule {}
