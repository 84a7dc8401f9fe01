import { describe, expect, it } from 'vitest';
import { memoryCounts } from '../../src/http/rate-counts.js';

describe('rate-limit counts in memory', () => {
  it('counts a key within its window and starts again when the window ends', () => {
    let now = 1_000;
    const counts = memoryCounts(60_000, 100, () => now);
    expect(counts.peek('a')).toEqual({ current: 0, ttlMs: 0 });
    expect(counts.hit('a')).toEqual({ current: 1, ttlMs: 60_000 });
    now += 10_000;
    expect(counts.hit('a')).toEqual({ current: 2, ttlMs: 50_000 });
    expect(counts.peek('a')).toEqual({ current: 2, ttlMs: 50_000 });
    expect(counts.hit('b')).toEqual({ current: 1, ttlMs: 60_000 });
    now += 50_000;
    expect(counts.peek('a')).toEqual({ current: 0, ttlMs: 0 });
    expect(counts.hit('a')).toEqual({ current: 1, ttlMs: 60_000 });
  });

  it('keeps a key in use when many other keys fill it up, dropping the least recently counted', () => {
    const counts = memoryCounts(60_000, 3, () => 0);
    counts.hit('hot');
    counts.hit('cold');
    for (let i = 0; i < 10; i++) {
      counts.hit('hot');
      counts.hit(`flood-${i}`);
    }
    expect(counts.peek('hot').current).toBe(11);
    expect(counts.peek('cold').current).toBe(0);
    expect(counts.peek('flood-9').current).toBe(1);
    expect(counts.peek('flood-0').current).toBe(0);
  });
});
