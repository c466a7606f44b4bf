interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface MicroBatcherOptions {
  /** Most items handled in one call (one transaction). */
  maxBatch: number;
  /** Batches in flight at once; items arriving meanwhile wait and form the next batch. */
  maxConcurrent: number;
}

/**
 * Groups items submitted concurrently (e.g. the deliveries a consumer holds under its prefetch)
 * into one call of `handle`, typically one database transaction. Under load this amortises
 * commits and round trips over many messages; when idle a lone item is handled at once. Each
 * caller gets its own item's result. When a batch fails, each of its items is handled again alone,
 * so one bad item (a value the database rejects) fails only its own caller.
 */
export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly handle: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatcherOptions = { maxBatch: 200, maxConcurrent: 2 },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxConcurrent || this.queue.length === 0) return;
    this.scheduled = true;
    // Let every delivery already read from the socket join this batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.inFlight >= this.options.maxConcurrent || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    this.schedule();
    try {
      const results = await this.handle(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        p.resolve(results[i]);
      });
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else await this.oneByOne(batch);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  /** Sequential, so a database that is down sees one retry at a time, not a burst. */
  private async oneByOne(batch: Pending<I, O>[]): Promise<void> {
    for (const p of batch) {
      try {
        const [result] = await this.handle([p.item]);
        p.resolve(result);
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
