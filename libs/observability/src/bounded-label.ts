/**
 * Label values callers choose (workflow names, capabilities) kept to a bounded set per label:
 * the first `limit` distinct values are themselves, later ones are `other`, so a tenant creating
 * workflows in a loop cannot grow the metrics without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 200) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(value);
    return value;
  }
}
