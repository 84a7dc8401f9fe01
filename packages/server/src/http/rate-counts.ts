import type { Cluster, Redis } from 'ioredis';

/** A key's count in its current window, and the milliseconds until that window ends. */
export interface WindowCount {
  readonly current: number;
  readonly ttlMs: number;
}

/** Either at once (counts in memory) or after a round trip (counts in Redis). */
export type Sync<T> = T | Promise<T>;

/**
 * Fixed-window request counts. `hit` adds one to `key`'s count and returns it; `peek` returns it
 * unchanged (0 when the key has no open window).
 */
export interface RateCounts {
  hit(key: string): Sync<WindowCount>;
  peek(key: string): Sync<WindowCount>;
}

interface Slot {
  current: number;
  endsAt: number;
}

/**
 * Counts in this process, without a promise per request. At most `capacity` keys are kept; past that
 * the least recently counted one is dropped (a key in use is counted on every request, so it stays).
 */
export function memoryCounts(
  windowMs: number,
  capacity: number,
  now: () => number = Date.now,
): { hit(key: string): WindowCount; peek(key: string): WindowCount } {
  const slots = new Map<string, Slot>();
  return {
    hit(key) {
      const at = now();
      let slot = slots.get(key);
      if (slot !== undefined) slots.delete(key);
      if (slot === undefined || slot.endsAt <= at) {
        if (slot === undefined && slots.size >= capacity) slots.delete(slots.keys().next().value as string);
        slot = { current: 0, endsAt: at + windowMs };
      }
      slot.current++;
      slots.set(key, slot);
      return { current: slot.current, ttlMs: slot.endsAt - at };
    },
    peek(key) {
      const at = now();
      const slot = slots.get(key);
      return slot === undefined || slot.endsAt <= at
        ? { current: 0, ttlMs: 0 }
        : { current: slot.current, ttlMs: slot.endsAt - at };
    },
  };
}

/** INCR, and the window's expiry set on its first count; returns the count and the window's PTTL. */
const HIT = `
local current = redis.call('INCR', KEYS[1])
local ttl = tonumber(ARGV[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ttl) else ttl = redis.call('PTTL', KEYS[1]) end
return {current, ttl}`;

const PEEK = `
local current = redis.call('GET', KEYS[1])
if not current then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(current), ttl}`;

type CountsClient = (Redis | Cluster) & {
  switchyardRateHit(key: string, windowMs: number): Promise<[number, number]>;
  switchyardRatePeek(key: string): Promise<[number, number]>;
};

/**
 * Counts shared by every instance through Redis, under `prefix`. While Redis fails, every request
 * is let through (counted as 0): the SDK routes keep serving while Redis is down.
 */
export function redisCounts(redis: Redis | Cluster, prefix: string, windowMs: number): RateCounts {
  redis.defineCommand('switchyardRateHit', { numberOfKeys: 1, lua: HIT });
  redis.defineCommand('switchyardRatePeek', { numberOfKeys: 1, lua: PEEK });
  const client = redis as CountsClient;
  const counted = ([current, ttlMs]: [number, number]): WindowCount => ({ current, ttlMs });
  const open = (): WindowCount => ({ current: 0, ttlMs: 0 });
  return {
    hit: (key) => client.switchyardRateHit(prefix + key, windowMs).then(counted, open),
    peek: (key) => client.switchyardRatePeek(prefix + key).then(counted, open),
  };
}
