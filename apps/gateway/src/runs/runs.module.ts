import { Module } from '@nestjs/common';
import { RunsHttpController } from './runs.http.controller';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsHttpController], providers: [RunsService] })
export class RunsModule {}
