import { Module } from '@nestjs/common';
import { TransformationsHttpController } from './transformations.http.controller';
import { TransformationsService } from './transformations.service';

@Module({ controllers: [TransformationsHttpController], providers: [TransformationsService] })
export class TransformationsModule {}
