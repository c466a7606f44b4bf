import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuditLogWriter } from './audit-log.writer';
import { AuditMiddleware } from './audit.middleware';
import { AuditRepository } from './audit.repository';

@Module({ providers: [AuditRepository, AuditLogWriter, AuditMiddleware] })
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
