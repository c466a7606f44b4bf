import { Module } from '@nestjs/common';
import { AuditLogWriter } from './audit-log.writer';
import { AuditHook } from './audit.hook';
import { AuditRepository } from './audit.repository';

/** The audit log; `configureHttp` installs the hook that feeds it. */
@Module({ providers: [AuditRepository, AuditLogWriter, AuditHook], exports: [AuditHook] })
export class AuditModule {}
