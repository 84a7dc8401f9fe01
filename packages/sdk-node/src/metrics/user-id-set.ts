/** The table a set starts with, in slots; it doubles as it fills, up to what its bound needs. */
const INITIAL_SLOTS = 16;

/**
 * A 32-bit hash of `id`: FNV-1a over its UTF-16 code units taken two at a time (half the multiplies
 * of one at a time, which is most of the cost), finished with MurmurHash3's mixer so that the low
 * bits, which pick the slot, depend on every character. Never 0, which marks an empty slot.
 */
export function userIdHash(id: string): number {
  const n = id.length;
  let h = 0x811c9dc5 ^ n;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (id.charCodeAt(i) | (id.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < n) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

/**
 * Distinct user ids, up to `max` of them, kept as 32-bit hashes in an open-addressing table of at
 * most 4 bytes × the smallest power of two ≥ 4/3 × `max` (64 KB for 10,000). Ids with the same hash
 * count once, so `size` never exceeds the number of distinct ids added; past `max`, ids are not
 * added. Holds no reference to the ids themselves.
 */
export class UserIdSet {
  size = 0;
  private slots = new Int32Array(INITIAL_SLOTS);
  private readonly maxSlots: number;

  constructor(readonly max: number) {
    let slots = INITIAL_SLOTS;
    while (slots * 3 < max * 4) slots *= 2;
    this.maxSlots = slots;
  }

  get full(): boolean {
    return this.size >= this.max;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  add(id: string): void {
    if (this.size >= this.max) return;
    const hash = userIdHash(id);
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = hash & mask;
    for (let held = slots[i]; held !== 0; held = slots[i]) {
      if (held === hash) return;
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    // Kept at most half full while it may grow, so that probes stay short.
    if (++this.size * 2 > slots.length && slots.length < this.maxSlots) this.grow();
  }

  /**
   * Forgets every id. The table keeps its size when it was at least an eighth full, so that a
   * steady stream of users does not grow it again every window; otherwise it shrinks to fit.
   */
  clear(): void {
    const used = this.size;
    this.size = 0;
    if (used * 8 >= this.slots.length) {
      this.slots.fill(0);
      return;
    }
    let slots = INITIAL_SLOTS;
    while (slots < used * 2) slots *= 2;
    this.slots = new Int32Array(slots);
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (let j = 0; j < old.length; j++) {
      const hash = old[j] as number;
      if (hash === 0) continue;
      let i = hash & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = hash;
    }
    this.slots = slots;
  }
}
