import { writeQuerySchema } from '@switchyard/shared';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ApiError, parseOrThrow } from '../errors.js';
import { hashSecret } from '../services/api-keys.js';
import type { Actor, ApiKeyKind, ApiKeyRecord, FlagStore } from '../store/types.js';
import type { Sync } from './rate-counts.js';
import type { RateLimits } from './rate-limits.js';
import { envKeyParams } from './request-parts.js';

/** Who may call a route, declared in its `config.auth`. Routes without it are public. */
export interface RouteAuth {
  kinds: readonly ApiKeyKind[];
  /** Also accept the key from this query parameter (browsers' EventSource cannot send headers). */
  queryParam?: string;
  /** Also accept the key as `X-API-Key: <secret>` (OFREP's second scheme). */
  apiKeyHeader?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    apiKey: ApiKeyRecord | null;
  }
}

function secretOf(request: FastifyRequest, auth: RouteAuth): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  if (auth.apiKeyHeader === true) {
    const value = request.headers['x-api-key'];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  if (auth.queryParam !== undefined) {
    const value = (request.query as Record<string, unknown> | undefined)?.[auth.queryParam];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
  return undefined;
}

/** How many resolved keys are remembered. */
const REMEMBERED_KEYS = 10_000;

/** How long a key found in the store is trusted before it is looked up again. */
export const KEY_RECHECK_MS = 1000;

export interface KeyResolver {
  /** SHA-256 of a secret, remembered for secrets seen recently (the same few keys call all day). */
  hash(secret: string): string;
  resolve(secretHash: string): Promise<ApiKeyRecord | undefined>;
  /** The key if it was found in the store within KEY_RECHECK_MS, without asking the store. */
  recent(secretHash: string): ApiKeyRecord | undefined;
  /** Drops what is remembered, so a key revoked here stops working on the next request. */
  forget(): void;
}

/**
 * Finds API keys by the hash of their secret. A key found in the store is trusted for
 * KEY_RECHECK_MS, which keeps the store off the hot path of SDK requests; so a revoked key stops
 * working at once on the instance that revoked it and within a second on the others. While the
 * store is unreachable, keys seen before keep working from memory, so SDKs keep their rulesets and
 * streams; a key never seen gets the store's 503. Unknown keys are never remembered, so a key made
 * on another instance works here at once.
 */
export function createKeyResolver(
  store: FlagStore,
  now: () => number = Date.now,
  slowHashed: ReadonlyMap<string, string> = new Map(),
  /** While the store is not trusted (it came back empty): the key as last seen in it, if any. */
  lastSeen: (secretHash: string) => Promise<ApiKeyRecord | undefined> = async () => undefined,
): KeyResolver {
  let remembered = new Map<string, { key: ApiKeyRecord; checkedAt: number }>();
  // A short configured admin token is stored under its scrypt hash, which start-up found for it.
  const hashes = new Map<string, string>(slowHashed);
  return {
    hash(secret) {
      let hash = hashes.get(secret);
      if (hash === undefined) {
        hash = hashSecret(secret);
        if (hashes.size >= REMEMBERED_KEYS) {
          hashes.clear();
          for (const [secret, stored] of slowHashed) hashes.set(secret, stored);
        }
        hashes.set(secret, hash);
      }
      return hash;
    },
    recent(secretHash) {
      const known = remembered.get(secretHash);
      return known !== undefined && now() - known.checkedAt < KEY_RECHECK_MS ? known.key : undefined;
    },
    async resolve(secretHash) {
      const known = remembered.get(secretHash);
      if (known !== undefined && now() - known.checkedAt < KEY_RECHECK_MS) return known.key;
      try {
        const key = (await store.findApiKeyByHash(secretHash)) ?? (await lastSeen(secretHash));
        remembered.delete(secretHash);
        if (key !== undefined) {
          if (remembered.size >= REMEMBERED_KEYS) remembered.delete(remembered.keys().next().value as string);
          remembered.set(secretHash, { key, checkedAt: now() });
        }
        return key;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'SY_ERR_STORE_UNAVAILABLE' && known !== undefined)
          return known.key;
        throw err;
      }
    },
    forget() {
      remembered = new Map();
    },
  };
}

/**
 * Resolves `Authorization: Bearer <secret>` for routes that declare `config.auth`: no or unknown
 * key → 401 (counted against the address; past its limit every attempt from it is a 429); a key of
 * another kind → 403; a known key past its own rate limit → 429.
 */
export function registerAuth(app: FastifyInstance, keys: KeyResolver, limits: RateLimits): void {
  app.decorateRequest('apiKey', null);
  const admit = (
    request: FastifyRequest,
    auth: RouteAuth,
    key: ApiKeyRecord | undefined,
  ): ApiError | undefined => {
    if (key === undefined || key.revokedAt !== null)
      return new ApiError('SY_ERR_UNAUTHORIZED', 'Unknown or revoked API key');
    if (!auth.kinds.includes(key.kind)) {
      return new ApiError(
        'SY_ERR_FORBIDDEN',
        `A ${key.kind} key may not call this route; it needs a ${auth.kinds.join(' or ')} key`,
      );
    }
    request.apiKey = key;
    return undefined;
  };
  /** The answer for a presented secret (undefined: none) and the key it names (undefined: unknown). */
  const decide = (
    request: FastifyRequest,
    auth: RouteAuth,
    secret: string | undefined,
    key: ApiKeyRecord | undefined,
  ): Sync<ApiError | undefined> => {
    const refused = secret === undefined ? new ApiError('SY_ERR_UNAUTHORIZED') : admit(request, auth, key);
    if (refused?.code === 'SY_ERR_UNAUTHORIZED') return limits.failed(request, refused);
    if (refused !== undefined) return refused;
    return limits.admitted(request, keyOf(request));
  };
  const lookUp = async (
    request: FastifyRequest,
    auth: RouteAuth,
    secret: string | undefined,
    hash: string | undefined,
  ): Promise<ApiError | undefined> => {
    // Checked before the store is asked, so an address past its limit learns nothing about its guesses.
    const blocked = await limits.blockedAddress(request);
    if (blocked !== undefined) return blocked;
    return decide(request, auth, secret, hash === undefined ? undefined : await keys.resolve(hash));
  };
  const authenticate = (request: FastifyRequest, auth: RouteAuth, done: (err?: ApiError) => void) => {
    const secret = secretOf(request, auth);
    const hash = secret === undefined ? undefined : keys.hash(secret);
    // A key checked within the last second is admitted without asking the store (nor a promise, when
    // the rate-limit counts are in memory).
    const recent = hash === undefined ? undefined : keys.recent(hash);
    const verdict =
      recent === undefined ? lookUp(request, auth, secret, hash) : decide(request, auth, secret, recent);
    if (verdict instanceof Promise) verdict.then(done, done);
    else done(verdict);
  };
  // The hook goes on each route that declares `config.auth`, after the app's other `onRequest` hooks
  // (security headers, CORS): routes without it run no authentication code at all. `onRoute` sees only
  // routes added after it, so app.ts registers this before any route.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    if (auth === undefined) return;
    const hook: onRequestHookHandler = (request, _reply, done) => authenticate(request, auth, done);
    route.onRequest = route.onRequest === undefined ? hook : [route.onRequest, hook].flat();
  });
}

/** The authenticated key of a route that declared `config.auth`. */
export function keyOf(request: FastifyRequest): ApiKeyRecord {
  if (request.apiKey === null) throw new ApiError('SY_ERR_UNAUTHORIZED');
  return request.apiKey;
}

/** The key that makes a write, with the `?reason=` it gave (validated: a bad one is a 400 naming it). */
export function actorOf(request: FastifyRequest): Actor {
  const key = keyOf(request);
  const { reason } = parseOrThrow(writeQuerySchema, request.query ?? {}, 'query');
  return reason === undefined ? { keyId: key.id, name: key.name } : { keyId: key.id, name: key.name, reason };
}

/** An environment-scoped key may only touch its own environment. */
export function assertEnvironmentAccess(request: FastifyRequest, environment: string): void {
  const key = keyOf(request);
  if (key.environment !== null && key.environment !== environment) {
    throw new ApiError(
      'SY_ERR_FORBIDDEN',
      `This key belongs to environment "${key.environment}", not "${environment}"`,
    );
  }
}

/** `:env` and `:key` from the URL, validated, once the key is known to reach that environment. */
export function flagInReach(request: FastifyRequest): { env: string; key: string } {
  const params = envKeyParams(request);
  assertEnvironmentAccess(request, params.env);
  return params;
}

/** Routes that span environments (keys, creating environments) need an unscoped admin key. */
export function assertGlobalAdmin(request: FastifyRequest): void {
  const key = keyOf(request);
  if (key.environment !== null) {
    throw new ApiError(
      'SY_ERR_FORBIDDEN',
      `This key belongs to environment "${key.environment}"; this needs an admin key for all environments`,
    );
  }
}
