import { Module } from '@nestjs/common';
import { ExpressionCache } from './expression-cache';
import { JsonataEvaluator } from './jsonata-evaluator';
import { ExpressionSandbox } from './sandbox/expression-sandbox';

/** One sandbox (worker pool) per app, closed on shutdown, and the JSONata services built on it. */
@Module({
  providers: [ExpressionSandbox, JsonataEvaluator, ExpressionCache],
  exports: [ExpressionSandbox, JsonataEvaluator, ExpressionCache],
})
export class ExpressionsModule {}
