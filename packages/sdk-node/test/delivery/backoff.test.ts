import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/delivery/backoff.js';

describe('reconnect backoff', () => {
  it('doubles up to the maximum, drawing each delay from the upper half of its range', () => {
    const low = new Backoff(1_000, 30_000, () => 0);
    const high = new Backoff(1_000, 30_000, () => 0.999_999);
    const lows = Array.from({ length: 8 }, () => low.next());
    const highs = Array.from({ length: 8 }, () => high.next());
    expect(lows).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(highs).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads clients that fail together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => new Backoff(1_000, 30_000).next()));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('starts over after reset()', () => {
    const backoff = new Backoff(100, 10_000, () => 0.999_999);
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
