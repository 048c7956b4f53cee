/**
 * Recent search answers, serialised, so identical searches arriving together (everyone near the same
 * gazetteer place, "open now") cost one evaluation. An answer is exact for its key: the parameters,
 * the second it was evaluated at (schedule boundaries are whole seconds, so every instant within a
 * second gives the same answer), and the data version, which every import bumps; when the version
 * changes the whole cache is dropped, and an answer computed from an older version is not kept.
 * Answers are kept as UTF-8 bytes, sent as they are. Bounded by bytes, least recently used out first.
 */
export class SearchCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private version: string | null = null;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** Drops everything when the data changed since the last call. Returns true when it did. */
  sync(version: string | null): boolean {
    if (version === this.version) return false;
    this.version = version;
    this.entries.clear();
    this.bytes = 0;
    return true;
  }

  get(key: string): Buffer | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Keeps an answer computed from data at `version`; one computed before a newer import is dropped. */
  set(key: string, value: Buffer, version: string | null): void {
    if (version !== this.version) return;
    const size = key.length * 2 + value.length;
    if (size > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= key.length * 2 + old.length;
    }
    this.entries.set(key, value);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= k.length * 2 + v.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A cache key for search parameters: the same search written in another key order is the same key. */
export function searchKey(params: object, second: number): string {
  const sorted = Object.keys(params)
    .sort()
    .map((k) => [k, (params as Record<string, unknown>)[k]]);
  return `${second}|${JSON.stringify(sorted)}`;
}
