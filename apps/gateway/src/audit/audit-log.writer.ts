import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditBuffer } from './audit-buffer';
import { AuditRepository, type AuditEntry } from './audit.repository';

const FLUSH_INTERVAL_MS = 250;
const BATCH_SIZE = 500;
const CAPACITY = 50_000;

/** Writes audit rows in batches off the request path, so auditing never slows or fails a request. */
@Injectable()
export class AuditLogWriter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuditLogWriter.name);
  private readonly buffer = new AuditBuffer(CAPACITY);
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly audit: AuditRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(entry: AuditEntry): void {
    this.buffer.add(entry);
  }

  /** Writes what is buffered; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.take(BATCH_SIZE);
      try {
        await this.audit.insertMany(batch);
      } catch (error) {
        this.buffer.restore(batch);
        this.logger.warn(`audit write failed, will retry: ${(error as Error).message}`);
        break;
      }
    }
    const dropped = this.buffer.takeDropped();
    if (dropped > 0) this.logger.error(`dropped ${dropped} audit entries (buffer full)`);
  }
}
