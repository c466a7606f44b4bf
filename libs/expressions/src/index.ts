export * from './expression-cache';
export * from './jsonata-compile';
export * from './jsonata-evaluator';
export * from './safe-regex';
export * from './sandbox/expression-sandbox';
export * from './expressions.module';
