import { Module } from '@nestjs/common';
import { DatasetsRepository } from './datasets.repository';
import { DatasetsRmqController } from './datasets.rmq.controller';
import { DatasetsService } from './datasets.service';

@Module({
  controllers: [DatasetsRmqController],
  providers: [DatasetsRepository, DatasetsService],
})
export class DatasetsModule {}
