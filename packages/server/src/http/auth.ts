import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashSecret } from '../services/api-keys.js';
import type { Actor, ApiKeyKind, ApiKeyRecord, FlagStore } from '../store/types.js';
import { ApiError } from './errors.js';

/** Who may call a route, declared in its `config.auth`. Routes without it are public. */
export interface RouteAuth {
  kinds: readonly ApiKeyKind[];
  /** Also accept the key from this query parameter (browsers' EventSource cannot send headers). */
  queryParam?: string;
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
  if (auth.queryParam !== undefined) {
    const value = (request.query as Record<string, unknown> | undefined)?.[auth.queryParam];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
  return undefined;
}

/** How many resolved keys are remembered for when the store cannot be reached. */
const REMEMBERED_KEYS = 10_000;

/**
 * Looks keys up in the store on every request, so a revoked key stops working at once on every
 * instance. While the store is unreachable, keys seen before still work from memory, so SDKs keep
 * their rulesets and streams; a key never seen gets the store's 503.
 */
function createKeyResolver(store: FlagStore): (secretHash: string) => Promise<ApiKeyRecord | undefined> {
  const remembered = new Map<string, ApiKeyRecord | undefined>();
  return async (secretHash) => {
    try {
      const key = await store.findApiKeyByHash(secretHash);
      remembered.delete(secretHash);
      if (remembered.size >= REMEMBERED_KEYS) remembered.delete(remembered.keys().next().value as string);
      remembered.set(secretHash, key);
      return key;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SY_ERR_STORE_UNAVAILABLE' && remembered.has(secretHash)) {
        return remembered.get(secretHash);
      }
      throw err;
    }
  };
}

/**
 * Resolves `Authorization: Bearer <secret>` for routes that declare `config.auth`: no or unknown
 * key → 401; a key of another kind → 403.
 */
export function registerAuth(app: FastifyInstance, store: FlagStore): void {
  const resolveKey = createKeyResolver(store);
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (auth === undefined) return;
    const secret = secretOf(request, auth);
    if (secret === undefined) throw new ApiError('SY_ERR_UNAUTHORIZED');
    const key = await resolveKey(hashSecret(secret));
    if (key === undefined || key.revokedAt !== null) {
      throw new ApiError('SY_ERR_UNAUTHORIZED', 'Unknown or revoked API key');
    }
    if (!auth.kinds.includes(key.kind)) {
      throw new ApiError(
        'SY_ERR_FORBIDDEN',
        `A ${key.kind} key may not call this route; it needs a ${auth.kinds.join(' or ')} key`,
      );
    }
    request.apiKey = key;
  });
}

/** The authenticated key of a route that declared `config.auth`. */
export function keyOf(request: FastifyRequest): ApiKeyRecord {
  if (request.apiKey === null) throw new ApiError('SY_ERR_UNAUTHORIZED');
  return request.apiKey;
}

export function actorOf(request: FastifyRequest): Actor {
  const key = keyOf(request);
  return { keyId: key.id, name: key.name };
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
