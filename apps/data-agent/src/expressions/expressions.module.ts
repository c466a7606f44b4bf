import { Module } from '@nestjs/common';
import { ExpressionCache } from './expression-cache';

@Module({ providers: [ExpressionCache], exports: [ExpressionCache] })
export class ExpressionsModule {}
