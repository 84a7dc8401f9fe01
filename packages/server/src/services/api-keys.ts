import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { apiKeyKindSchema, type CreatedApiKey } from '@switchyard/shared';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { publicApiKey } from '../store/records.js';
import type { Actor, ApiKeyKind, ApiKeyRecord, FlagStore } from '../store/types.js';
import { requireEnvironment } from './environments.js';

export const createKeySchema = z.strictObject({
  kind: apiKeyKindSchema,
  environment: z.string().min(1).optional(),
  name: z.string().trim().min(1, 'must not be empty').max(200),
});

/** SHA-256 of a secret, hex: all the store ever holds of it. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Operator-chosen admin tokens shorter than this are accepted, with a warning, and hashed slowly. */
export const SHORT_TOKEN_LENGTH = 32;

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;
const SCRYPT_PREFIX = 'scrypt$';

/**
 * A salted scrypt hash, `scrypt$<salt>$<hash>`, for a short operator-chosen token: a copy of the store
 * does not let anyone try guesses at SHA-256 speed. Generated keys are long and random: SHA-256 suffices.
 */
export async function slowHashSecret(secret: string, salt = randomBytes(16)): Promise<string> {
  const hash = await scryptAsync(secret, salt, 32);
  return `${SCRYPT_PREFIX}${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

async function matchesSlowHash(secret: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  if (!stored.startsWith(SCRYPT_PREFIX) || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A new secret such as `sy_server_…`; the prefix tells people which kind of secret they hold. */
export function generateSecret(kind: ApiKeyKind | 'trigger'): string {
  return `sy_${kind}_${randomBytes(24).toString('base64url')}`;
}

export async function createApiKey(
  store: FlagStore,
  input: z.infer<typeof createKeySchema>,
  actor: Actor,
): Promise<CreatedApiKey> {
  if (input.kind !== 'admin' && input.environment === undefined) {
    throw new ApiError(
      'SY_ERR_VALIDATION',
      `Invalid key: environment: a ${input.kind} key belongs to one environment`,
      [{ path: 'environment', message: `required for ${input.kind} keys` }],
    );
  }
  if (input.environment !== undefined) await requireEnvironment(store, input.environment);
  const secret = generateSecret(input.kind);
  const record: ApiKeyRecord = {
    id: randomUUID(),
    kind: input.kind,
    name: input.name,
    environment: input.environment ?? null,
    secretHash: hashSecret(secret),
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  await store.createApiKey(record, { actor, action: 'key.create' });
  return { ...publicApiKey(record), secret };
}

const SYSTEM: Actor = { keyId: 'system', name: 'server start' };

/**
 * Makes sure an admin can get in. A token from the environment is registered if it is new. Without
 * one, the first start generates a token and returns it so it can be printed once; later starts
 * return null (the token is stored only as a hash).
 */
export async function bootstrapAdminToken(
  store: FlagStore,
  configured: string | undefined,
): Promise<{ token: string; generated: boolean; slowHash?: string } | null> {
  if (configured !== undefined && configured.length < SHORT_TOKEN_LENGTH) {
    return { token: configured, generated: false, slowHash: await bootstrapShortToken(store, configured) };
  }
  if (configured !== undefined) {
    if ((await store.findApiKeyByHash(hashSecret(configured))) === undefined) {
      await registerAdmin(store, configured, 'SWITCHYARD_ADMIN_TOKEN');
    }
    return { token: configured, generated: false };
  }
  const keys = await store.listApiKeys();
  if (keys.some((k) => k.kind === 'admin' && k.revokedAt === null)) return null;
  const token = generateSecret('admin');
  await registerAdmin(store, token, 'first admin');
  return { token, generated: true };
}

/** A new admin token, for `switchyard-server new-admin-token` when the first one is lost. */
export async function newAdminToken(store: FlagStore, name: string): Promise<string> {
  const token = generateSecret('admin');
  await registerAdmin(store, token, name);
  return token;
}

/** The stored scrypt hash of a short configured token, registering it on first use. */
async function bootstrapShortToken(store: FlagStore, token: string): Promise<string> {
  for (const key of await store.listApiKeys()) {
    if (key.kind === 'admin' && key.revokedAt === null && (await matchesSlowHash(token, key.secretHash)))
      return key.secretHash;
  }
  const secretHash = await slowHashSecret(token);
  await registerAdmin(store, token, 'SWITCHYARD_ADMIN_TOKEN', secretHash);
  return secretHash;
}

async function registerAdmin(
  store: FlagStore,
  token: string,
  name: string,
  secretHash = hashSecret(token),
): Promise<void> {
  await store.createApiKey(
    {
      id: randomUUID(),
      kind: 'admin',
      name,
      environment: null,
      secretHash,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    },
    { actor: SYSTEM, action: 'key.create' },
  );
}
