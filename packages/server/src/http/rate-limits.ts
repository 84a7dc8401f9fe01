import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import type { ServerLimits } from '../config/config.js';
import { ApiError } from '../errors.js';
import type { ApiKeyRecord } from '../store/types.js';

/** The rate limits the auth hook applies, around each authentication. */
export interface RateLimits {
  /** A 429 when the request's address has failed authentication too often this window. */
  blockedAddress(request: FastifyRequest): Promise<ApiError | undefined>;
  /** Counts a failed authentication: `error` to answer, or a 429 once the address is over its limit. */
  failed(request: FastifyRequest, error: ApiError): Promise<ApiError>;
  /** Counts a request of an authenticated key: a 429 when the key is over its limit. */
  admitted(request: FastifyRequest, key: ApiKeyRecord): Promise<ApiError | undefined>;
}

const rateLimited = (ttlInSeconds: number | undefined, message: string) =>
  new ApiError('SY_ERR_RATE_LIMITED', message, undefined, {
    'retry-after': String(Math.max(1, ttlInSeconds ?? 1)),
  });

/**
 * Per-key and per-address limits through @fastify/rate-limit, counted in Redis when `redis` is given
 * (so every instance shares one count) and in memory otherwise. Client keys are public, so they are
 * counted per key *and* address: one browser cannot use up the key for everyone. When the Redis of the
 * counts fails, requests are let through (the SDK routes keep serving while Redis is down).
 */
export async function registerRateLimits(
  app: FastifyInstance,
  limits: ServerLimits,
  redis: { client: Redis | Cluster; prefix: string } | undefined,
): Promise<RateLimits> {
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    cache: 100_000,
    ...(redis ? { redis: redis.client, nameSpace: `${redis.prefix}rate-limit:` } : {}),
  });
  const timeWindow = limits.windowMs;
  const failures = app.createRateLimit({
    max: limits.failedAuthPerAddress,
    timeWindow,
    keyGenerator: (request) => `auth-failures:${request.ip}`,
  });
  const perKey = (max: number, key: (request: FastifyRequest, apiKey: ApiKeyRecord) => string) =>
    app.createRateLimit({
      max,
      timeWindow,
      keyGenerator: (request) => (request.apiKey ? key(request, request.apiKey) : `none:${request.ip}`),
    });
  const byKind = {
    admin: perKey(limits.adminPerKey, (_request, key) => `admin:${key.id}`),
    server: perKey(limits.sdkPerKey, (_request, key) => `server:${key.id}`),
    client: perKey(limits.sdkPerKey, (request, key) => `client:${key.id}:${request.ip}`),
  };

  return {
    async blockedAddress(request) {
      const count = await failures(request, { increment: false });
      if (count.isAllowed || count.remaining > 0) return undefined;
      return rateLimited(count.ttlInSeconds, 'Too many failed authentications from this address');
    },
    async failed(request, error) {
      const count = await failures(request);
      if (count.isAllowed || !count.isExceeded) return error;
      return rateLimited(count.ttlInSeconds, 'Too many failed authentications from this address');
    },
    async admitted(request, key) {
      const count = await byKind[key.kind](request);
      if (count.isAllowed || !count.isExceeded) return undefined;
      return rateLimited(
        count.ttlInSeconds,
        key.kind === 'client'
          ? 'Too many requests with this client key from this address'
          : `Too many requests with this ${key.kind} key`,
      );
    },
  };
}
