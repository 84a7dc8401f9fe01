import type { FastifyRequest } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import type { ServerLimits } from '../config/config.js';
import { ApiError } from '../errors.js';
import type { ApiKeyRecord } from '../store/types.js';
import { memoryCounts, type RateCounts, redisCounts, type Sync, type WindowCount } from './rate-counts.js';

/**
 * The rate limits the auth hook applies, around each authentication. With counts in memory each
 * answers at once; with counts in Redis, after one round trip.
 */
export interface RateLimits {
  /** A 429 when the request's address has failed authentication too often this window. */
  blockedAddress(request: FastifyRequest): Sync<ApiError | undefined>;
  /** Counts a failed authentication: `error` to answer, or a 429 once the address is over its limit. */
  failed(request: FastifyRequest, error: ApiError): Sync<ApiError>;
  /** Counts a request of an authenticated key: a 429 when the key is over its limit. */
  admitted(request: FastifyRequest, key: ApiKeyRecord): Sync<ApiError | undefined>;
}

/** Keys counted in memory at most, per kind of count (past that the least recently counted is dropped). */
const MEMORY_KEYS = 100_000;

const rateLimited = (ttlMs: number, message: string) =>
  new ApiError('SY_ERR_RATE_LIMITED', message, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(ttlMs / 1000))),
  });

const TOO_MANY_FAILURES = 'Too many failed authentications from this address';

/** `then` for a value that may or may not be a promise, without a promise when it is not. */
function after<T, R>(value: Sync<T>, next: (value: T) => R): Sync<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function keyVerdict(count: WindowCount, key: ApiKeyRecord, max: number): ApiError | undefined {
  if (count.current <= max) return undefined;
  return rateLimited(
    count.ttlMs,
    key.kind === 'client'
      ? 'Too many requests with this client key from this address'
      : `Too many requests with this ${key.kind} key`,
  );
}

/**
 * Per-key and per-address limits over fixed windows, counted in Redis when `redis` is given (so
 * every instance shares one count; while Redis fails, requests are let through) and in memory
 * otherwise. Client keys are public, so they are counted per key *and* address: one browser cannot
 * use up the key for everyone.
 */
export function createRateLimits(
  limits: ServerLimits,
  redis: { client: Redis | Cluster; prefix: string } | undefined,
): RateLimits {
  // In memory, failed authentications and keys' requests are counted apart, so that a flood of one
  // (many addresses guessing, many browsers of a client key) cannot push the other out.
  const failureCounts: RateCounts = redis
    ? redisCounts(redis.client, `${redis.prefix}rate-limit:`, limits.windowMs)
    : memoryCounts(limits.windowMs, MEMORY_KEYS);
  const keyCounts: RateCounts = redis ? failureCounts : memoryCounts(limits.windowMs, MEMORY_KEYS);
  const maxOf = { admin: limits.adminPerKey, server: limits.sdkPerKey, client: limits.sdkPerKey };
  const failures = (request: FastifyRequest) => `auth-failures:${request.ip}`;
  return {
    blockedAddress(request) {
      return after(failureCounts.peek(failures(request)), (count: WindowCount) =>
        count.current < limits.failedAuthPerAddress ? undefined : rateLimited(count.ttlMs, TOO_MANY_FAILURES),
      );
    },
    failed(request, error) {
      return after(failureCounts.hit(failures(request)), (count: WindowCount) =>
        count.current <= limits.failedAuthPerAddress ? error : rateLimited(count.ttlMs, TOO_MANY_FAILURES),
      );
    },
    admitted(request, key) {
      const counted = keyCounts.hit(
        key.kind === 'client' ? `client:${key.id}:${request.ip}` : `${key.kind}:${key.id}`,
      );
      // The hot path of every SDK request: no closure when the count is at hand.
      if (!(counted instanceof Promise)) return keyVerdict(counted, key, maxOf[key.kind]);
      return counted.then((count) => keyVerdict(count, key, maxOf[key.kind]));
    },
  };
}
