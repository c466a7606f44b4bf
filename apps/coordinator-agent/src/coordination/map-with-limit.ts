/** The item at `index` failed; `cause` is what its function threw. */
export class MapItemError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`item ${index} failed`);
    this.name = 'MapItemError';
  }
}

/**
 * Applies `fn` to every item with at most `limit` calls in flight and returns the results in input
 * order. After a failure no further item starts; once the running ones settle, it throws the
 * MapItemError of the lowest failed index. An aborted signal also stops new items starting.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: MapItemError[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && signal?.aborted !== true && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (cause) {
        failures.push(new MapItemError(index, cause));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  const first = failures.sort((a, b) => a.index - b.index).at(0);
  if (first) throw first;
  signal?.throwIfAborted();
  return results;
}
