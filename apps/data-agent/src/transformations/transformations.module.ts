import { Module } from '@nestjs/common';
import { ExpressionsModule } from '@ensemble/expressions';
import { TransformationsRepository } from './transformations.repository';
import { TransformationsRmqController } from './transformations.rmq.controller';
import { TransformationsService } from './transformations.service';

@Module({
  imports: [ExpressionsModule],
  controllers: [TransformationsRmqController],
  providers: [TransformationsRepository, TransformationsService],
  exports: [TransformationsService],
})
export class TransformationsModule {}
