import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf } from '@ensemble/persistence';
import { REVOCATIONS_CHANNEL } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

const RECONNECT_MS = 1000;

/**
 * Evicts a revoked key from this replica's cache the moment any replica's revocation commits
 * (Postgres LISTEN/NOTIFY), so a key revoked through one gateway is refused by all of them. While
 * the listening connection is down nothing could be heard, so the whole cache is dropped.
 */
@Injectable()
export class RevocationListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationListener.name);
  private client: PoolClient | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly keys: ApiKeysService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.client?.release();
    this.client = undefined;
  }

  /** True while revocations are being heard. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async listen(): Promise<void> {
    try {
      const client = await poolOf(this.db).connect();
      client.on('notification', (message) => {
        if (message.channel === REVOCATIONS_CHANNEL && message.payload) this.keys.forget(message.payload);
      });
      client.on('error', (error: Error) => {
        this.lost(client, error);
      });
      await client.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.keys.forgetAll();
      this.logger.warn(`cannot listen for key revocations: ${(error as Error).message}; retrying`);
      this.schedule();
    }
  }

  private lost(client: PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(error);
    this.keys.forgetAll();
    this.logger.warn(`lost the key revocation listener: ${error.message}; reconnecting`);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
  }
}
