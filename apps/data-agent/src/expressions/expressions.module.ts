import { Module } from '@nestjs/common';
import { ExpressionCache } from '@ensemble/expressions';

@Module({ providers: [ExpressionCache], exports: [ExpressionCache] })
export class ExpressionsModule {}
