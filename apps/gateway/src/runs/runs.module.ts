import { Module } from '@nestjs/common';
import { RunsHttpController } from './runs.http.controller';
import { RunDocumentsRepository } from './run-documents.repository';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsHttpController], providers: [RunsService, RunDocumentsRepository] })
export class RunsModule {}
