export * from './request-context';
export * from './logger.module';
export * from './metrics';
export * from './bounded-label';
export * from './health.module';
