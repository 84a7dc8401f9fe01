import {
  type FlagEverywhere,
  type FlagInput,
  flagInputSchema,
  keySchema,
  rampFallthrough,
} from '@switchyard/shared';
import { ApiError } from '../errors.js';
import type { Actor, FlagStore } from '../store/types.js';
import { parseDocumentBody } from './document-body.js';
import { requireEnvironment } from './environments.js';
import type { FlagService } from './flags.js';

/**
 * The flag another environment gets: the same key, type, variants, off variant, description and tags,
 * off, with no targets, rules or prerequisites; a boolean flag at 0%, another type serving its off
 * variant, so turning it on there gives nobody anything new until someone decides so.
 */
export function offCopy(input: FlagInput): FlagInput {
  const { key, type, variants, offVariant, description, tags } = input;
  const base: FlagInput = {
    key,
    type,
    variants,
    offVariant,
    enabled: false,
    fallthrough: { variant: offVariant },
    ...(description === undefined ? {} : { description }),
    ...(tags === undefined ? {} : { tags }),
  };
  return type === 'boolean' ? rampFallthrough(base, 0) : base;
}

/**
 * Creates a flag once for every environment: as given in `env`, and off (see {@link offCopy}) in
 * every other one. Refused (409) when `env` has the flag already; another environment that has it
 * keeps its own. When a write fails half way, the flags this request created are deleted again
 * (their history and audit keep the attempt) and the error names the environment that failed.
 */
export async function createFlagEverywhere(
  store: FlagStore,
  flags: FlagService,
  env: string,
  body: unknown,
  actor: Actor,
): Promise<FlagEverywhere> {
  const rawKey = typeof body === 'object' && body !== null ? (body as { key?: unknown }).key : undefined;
  const key = keySchema.safeParse(rawKey);
  if (!key.success) {
    throw new ApiError('SY_ERR_VALIDATION', 'Invalid flag: key: a flag key is required', [
      { path: 'key', message: 'a flag key is required' },
    ]);
  }
  const input = parseDocumentBody(flagInputSchema, key.data, body, 'flag');
  await requireEnvironment(store, env);
  const others = (await store.listEnvironments()).map((e) => e.key).filter((e) => e !== env);

  const first = await flags.put(env, key.data, input, 'absent', actor);
  const outcomes: FlagEverywhere['environments'] = [
    { environment: env, result: 'created', version: first.flag.version },
  ];
  for (const other of others) {
    try {
      const existing = await store.getFlag(other, key.data);
      if (existing !== undefined) {
        outcomes.push({ environment: other, result: 'kept', version: existing.version });
        continue;
      }
      const written = await flags.put(other, key.data, offCopy(input), 'absent', actor);
      outcomes.push({ environment: other, result: 'created', version: written.flag.version });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SY_ERR_ALREADY_EXISTS') {
        const now = await store.getFlag(other, key.data);
        outcomes.push({ environment: other, result: 'kept', version: now?.version ?? 0 });
        continue;
      }
      await undo(flags, key.data, outcomes, actor);
      throw failedIn(other, err);
    }
  }
  return { flag: first.flag, environments: outcomes };
}

/** Deletes what this request created, newest first; what cannot be deleted stays (and is logged by the store). */
async function undo(flags: FlagService, key: string, outcomes: FlagEverywhere['environments'], actor: Actor) {
  for (const outcome of [...outcomes].reverse()) {
    if (outcome.result !== 'created') continue;
    try {
      await flags.remove(outcome.environment, key, outcome.version, actor);
    } catch {
      // Changed meanwhile by someone else, or the store is down: it is theirs, or the store's, now.
    }
  }
}

function failedIn(environment: string, err: unknown): ApiError {
  const reason = err instanceof Error ? err.message : String(err);
  const message = `Could not create the flag in "${environment}" (${reason}); it was created in no environment`;
  if (err instanceof ApiError) return new ApiError(err.code, message, { environment });
  return new ApiError('SY_ERR_STORE_UNAVAILABLE', message, { environment });
}
