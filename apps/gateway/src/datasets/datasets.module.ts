import { Module } from '@nestjs/common';
import { DatasetsHttpController } from './datasets.http.controller';
import { DatasetsService } from './datasets.service';

@Module({ controllers: [DatasetsHttpController], providers: [DatasetsService] })
export class DatasetsModule {}
