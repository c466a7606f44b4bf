import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { payloadIdOf, payloadRef } from './payload-ref';
import { PayloadsRepository } from './payloads.repository';

export interface StoredPayload {
  ref: string;
  sha256: string;
  bytes: number;
}

export type LoadedPayload =
  { outcome: 'found'; body: unknown } | { outcome: 'not-found' } | { outcome: 'bad-ref' };

/** Claim check: large values are stored here and travel between steps as a small reference. */
@Injectable()
export class PayloadsService {
  constructor(private readonly payloads: PayloadsRepository) {}

  async store(tenantId: string, id: string, value: unknown): Promise<StoredPayload> {
    const json = value === undefined ? 'null' : JSON.stringify(value);
    const sha256 = createHash('sha256').update(json).digest('hex');
    const bytes = Buffer.byteLength(json);
    await this.payloads.insert({ id, tenantId, sha256, bytes, json });
    return { ref: payloadRef(id), sha256, bytes };
  }

  async load(tenantId: string, ref: unknown): Promise<LoadedPayload> {
    const id = payloadIdOf(ref);
    if (id === undefined) return { outcome: 'bad-ref' };
    const row = await this.payloads.findBody(tenantId, id);
    return row ? { outcome: 'found', body: row.body } : { outcome: 'not-found' };
  }
}
