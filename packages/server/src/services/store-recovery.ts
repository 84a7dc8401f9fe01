import {
  type Environment,
  environmentSchema,
  type Flag,
  flagSchema,
  type Segment,
  segmentSchema,
} from '@switchyard/shared';
import { z } from 'zod';
import { newEpoch } from '../store/epoch.js';
import { apiKeyRecordSchema } from '../store/records.js';
import type { Actor, ApiKeyRecord, AuditInput, FlagStore, StoreEpoch, WriteResult } from '../store/types.js';
import { seedEnvironments } from './seed.js';

/**
 * Bringing a store that forgot its data back (docs/operations.md): the snapshot an instance serves
 * from memory (`GET /api/v1/store/export`, also the logical backup format), writing a snapshot into
 * the store under a new epoch (`switchyard-server restore`, `POST /api/v1/store/restore`), and
 * accepting the store as it is (`POST /api/v1/store/accept`).
 */

export const SNAPSHOT_FORMAT = 'switchyard-store-snapshot/1';

export const storeSnapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  exportedAt: z.string(),
  /** The epoch the snapshot was served in; null when none was known. */
  epoch: z.string().nullable(),
  environments: z.array(
    z.strictObject({
      environment: environmentSchema,
      revision: z.number().int().min(0),
      flags: z.array(flagSchema),
      segments: z.array(segmentSchema),
    }),
  ),
  /** API keys as stored (SHA-256 or scrypt hashes, never secrets), so SDK keys work after a restore. */
  apiKeys: z.array(apiKeyRecordSchema).default([]),
});
export type StoreSnapshot = z.infer<typeof storeSnapshotSchema>;

/** An environment's ruleset as an instance holds it in memory (delivery's EnvironmentState). */
export interface HeldRuleset {
  readonly environment: string;
  readonly revision: number;
  readonly flags: ReadonlyMap<string, Flag>;
  readonly segments: ReadonlyMap<string, Segment>;
}

/** The snapshot of what an instance serves: its environments and the rulesets held in memory. */
export function snapshotOf(
  environments: readonly Environment[],
  states: readonly HeldRuleset[],
  apiKeys: readonly ApiKeyRecord[],
  epoch: StoreEpoch | null,
): StoreSnapshot {
  const byKey = new Map(states.map((s) => [s.environment, s]));
  return {
    format: SNAPSHOT_FORMAT,
    exportedAt: new Date().toISOString(),
    epoch: epoch?.id ?? null,
    apiKeys: [...apiKeys],
    environments: environments.flatMap((environment) => {
      const state = byKey.get(environment.key);
      if (state === undefined) return [];
      return [
        {
          environment,
          revision: state.revision,
          flags: [...state.flags.values()],
          segments: [...state.segments.values()],
        },
      ];
    }),
  };
}

const RESTORE_ACTOR: Actor = { keyId: 'system', name: 'store restore' };

/**
 * Writes every environment, segment and flag of `snapshot` into the store (over whatever is there,
 * each document at a version above both), then a new epoch: last, so that instances adopt the
 * restored data only once all of it is written. Returns the new epoch.
 */
export async function restoreSnapshot(
  store: FlagStore,
  snapshot: StoreSnapshot,
  actor: Actor = RESTORE_ACTOR,
): Promise<StoreEpoch> {
  const audit = (action: string) => ({ actor, action, details: { restoredFrom: snapshot.epoch } });
  await restoreApiKeys(store, snapshot.apiKeys, audit('key.restore'));
  for (const { environment, segments, flags } of snapshot.environments) {
    await store.createEnvironment(environment, audit('environment.create'));
    const env = environment.key;
    await restoreDocuments(segments, 'segment', {
      get: (key) => store.getSegment(env, key),
      set: (key, expected, next) =>
        store.compareAndSetSegment(env, key, expected, next, audit('segment.restore')),
    });
    await restoreDocuments(flags, 'flag', {
      get: (key) => store.getFlag(env, key),
      set: (key, expected, next) => store.compareAndSetFlag(env, key, expected, next, audit('flag.restore')),
    });
  }
  const epoch = newEpoch('restore');
  await store.replaceEpoch(epoch);
  return epoch;
}

/**
 * Accepts the store's flags as they are (for instance none, on purpose): the default environments
 * exist again, `apiKeys` (what the accepting instance remembers) are registered again so SDKs keep
 * their keys, and a new epoch begins, which every instance adopts, sending SDKs what the store holds.
 */
export async function acceptStore(
  store: FlagStore,
  apiKeys: readonly ApiKeyRecord[] = [],
): Promise<StoreEpoch> {
  await seedEnvironments(store);
  await restoreApiKeys(store, apiKeys, { actor: RESTORE_ACTOR, action: 'key.restore' });
  const epoch = newEpoch('accept');
  await store.replaceEpoch(epoch);
  return epoch;
}

/** Registers each key the store does not hold (by hash), as it was: revoked ones stay revoked. */
async function restoreApiKeys(
  store: FlagStore,
  keys: readonly ApiKeyRecord[],
  audit: AuditInput,
): Promise<void> {
  for (const key of keys)
    if ((await store.findApiKeyByHash(key.secretHash)) === undefined) await store.createApiKey(key, audit);
}

/** Writes each document over whatever the store holds for its key, at a version above both. */
async function restoreDocuments<T extends { key: string; version: number }>(
  documents: readonly T[],
  kind: string,
  store: {
    get(key: string): Promise<T | undefined>;
    set(key: string, expected: number | null, next: T): Promise<WriteResult<T>>;
  },
): Promise<void> {
  for (const document of documents) {
    const current = await store.get(document.key);
    const version = Math.max(document.version, (current?.version ?? 0) + 1);
    const written = await store.set(document.key, current?.version ?? null, { ...document, version });
    if (!written.ok) throw new Error(`${kind} "${document.key}" changed while being restored`);
  }
}
