export * from './request-context';
export * from './logger.module';
export * from './metrics';
export * from './health.module';
