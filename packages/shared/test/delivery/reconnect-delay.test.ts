import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../src/index.js';

describe('reconnectDelay', () => {
  it('doubles per attempt up to the maximum, jittered between half and all of it', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000 };
    const lowest = (attempt: number) => reconnectDelay(attempt, options, () => 0);
    const highest = (attempt: number) => reconnectDelay(attempt, options, () => 1);
    expect([0, 1, 2, 3, 4, 10].map(highest)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 10].map(lowest)).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('defaults to one second growing to thirty, and stays finite after many attempts', () => {
    expect(reconnectDelay(0, {}, () => 1)).toBe(1000);
    expect(reconnectDelay(10_000, {}, () => 1)).toBe(30_000);
  });

  it('spreads clients dropped together over the window', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(3, {})));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000);
  });
});
