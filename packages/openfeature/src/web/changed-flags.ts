import type { FlagValueStore } from '@switchyard/sdk-react';

/**
 * Collects the keys whose values changed, among the flags the application has read, and reports them
 * together once the store finished applying a payload. The browser client has no list of every flag
 * key, but a flag nobody read has nobody to tell.
 */
export class ChangedFlags {
  private readonly watched = new Map<string, () => void>();
  private pending = new Set<string>();

  constructor(
    private readonly store: FlagValueStore,
    private readonly report: (keys: string[]) => void,
  ) {}

  watch(key: string): void {
    if (this.watched.has(key)) return;
    this.watched.set(
      key,
      this.store.subscribe(key, () => this.changed(key)),
    );
  }

  close(): void {
    for (const unsubscribe of this.watched.values()) unsubscribe();
    this.watched.clear();
    this.pending.clear();
  }

  private changed(key: string): void {
    if (this.pending.size === 0) queueMicrotask(() => this.flush());
    this.pending.add(key);
  }

  private flush(): void {
    const keys = [...this.pending].sort();
    this.pending = new Set();
    if (keys.length > 0) this.report(keys);
  }
}
