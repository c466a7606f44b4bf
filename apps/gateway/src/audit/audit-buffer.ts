import type { AuditEntry } from './audit.repository';

/**
 * Entries waiting to be written. Bounded, so a database outage costs audit rows (counted and
 * logged) rather than the gateway's memory.
 */
export class AuditBuffer {
  private entries: AuditEntry[] = [];
  private dropped = 0;

  constructor(private readonly capacity: number) {}

  add(entry: AuditEntry): void {
    if (this.entries.length >= this.capacity) {
      this.dropped += 1;
      return;
    }
    this.entries.push(entry);
  }

  /** Takes up to `max` entries, oldest first. */
  take(max: number): AuditEntry[] {
    const batch = this.entries.slice(0, max);
    this.entries = this.entries.slice(batch.length);
    return batch;
  }

  /** Puts a batch that failed back in front, as far as there is room. */
  restore(batch: AuditEntry[]): void {
    const room = Math.max(0, this.capacity - this.entries.length);
    this.dropped += Math.max(0, batch.length - room);
    this.entries = [...batch.slice(0, room), ...this.entries];
  }

  takeDropped(): number {
    const dropped = this.dropped;
    this.dropped = 0;
    return dropped;
  }

  get length(): number {
    return this.entries.length;
  }
}
