import {
  type FieldProblem,
  type Flag,
  type FlagInput,
  flagInputSchema,
  type ManagedBy,
  percentageOf,
  type Rule,
  rampFallthrough,
} from '@switchyard/shared';
import { ApiError } from '../errors.js';
import type { Actor, FlagStore } from '../store/types.js';
import { parseDocumentBody } from './document-body.js';
import { readInEnvironment, requireEnvironment } from './environments.js';
import { assertNotManaged } from './managed-flags.js';
import { assertPrerequisiteChains } from './prerequisite-chains.js';
import { type Change, type Precondition, type VersionedWrite, writeVersioned } from './versioned-write.js';

/** Flag changes as product managers and tools make them; every one is a versioned, audited write. */
export interface FlagService {
  put(env: string, key: string, body: unknown, precondition: Precondition, actor: Actor): Promise<FlagWrite>;
  remove(env: string, key: string, precondition: Precondition, actor: Actor): Promise<void>;
  /** `details` go into the audit entry (a guarded rollout's evidence, for one). */
  ramp(
    env: string,
    key: string,
    percentage: number,
    precondition: Precondition,
    actor: Actor,
    details?: Record<string, unknown>,
  ): Promise<FlagWrite>;
  setEnabled(
    env: string,
    key: string,
    enabled: boolean,
    precondition: Precondition,
    actor: Actor,
    details?: Record<string, unknown>,
  ): Promise<FlagWrite>;
  restore(
    env: string,
    key: string,
    version: number,
    precondition: Precondition,
    actor: Actor,
  ): Promise<FlagWrite>;
  /**
   * Takes the flag out of every SDK ruleset, keeping its history and audit; refused (409) while other
   * flags name it as a prerequisite. An archived flag can only be read, unarchived or deleted.
   */
  archive(env: string, key: string, precondition: Precondition, actor: Actor): Promise<FlagWrite>;
  /** Brings an archived flag back, as it was when archived. */
  unarchive(env: string, key: string, precondition: Precondition, actor: Actor): Promise<FlagWrite>;
  /**
   * The flags file's write: the flag as the file has it, marked as the file's (`managedBy`); it may
   * overwrite a managed or archived flag, which people's writes may not.
   */
  putFromFile(
    env: string,
    key: string,
    input: FlagInput,
    managedBy: ManagedBy,
    precondition: Precondition,
    actor: Actor,
  ): Promise<FlagWrite>;
  /** A flag taken out of the flags file: archived and handed back to people (no `managedBy`). */
  retireFromFile(env: string, key: string, precondition: Precondition, actor: Actor): Promise<FlagWrite>;
  /** Hears every change made through this service (guarded rollouts pause on people's changes). */
  onWrite(listener: (event: FlagWriteEvent) => void): () => void;
}

export interface FlagWriteEvent {
  environment: string;
  key: string;
  actor: Actor;
  action: string;
  flag: Flag | null;
}

export interface FlagWrite {
  flag: Flag;
  created: boolean;
  changed: boolean;
}

/** A flag document without its version, as the change functions produce it. */
type Draft = Omit<Flag, 'version'>;

export function withoutVersion(flag: Flag): Draft {
  const { version: _, ...rest } = flag;
  return rest;
}

const ARCHIVE_ACTIONS = new Set(['flag.archive', 'flag.unarchive']);

/** Flags of `flags` (not archived) that name `key` as a prerequisite. */
export function dependentsOf(flags: readonly Flag[], key: string): string[] {
  return flags.filter((f) => !f.archived && f.prerequisites?.some((p) => p.flag === key)).map((f) => f.key);
}

export function createFlagService(store: FlagStore): FlagService {
  const target = (env: string, key: string): VersionedWrite<Flag> => ({
    read: () => readInEnvironment(store, env, () => store.getFlag(env, key)),
    lastVersion: async () => (await store.flagHistory(env, key))[0]?.version ?? 0,
    compareAndSet: (expected, next, audit) => store.compareAndSetFlag(env, key, expected, next, audit),
    notFound: 'SY_ERR_FLAG_NOT_FOUND',
  });

  const listeners = new Set<(event: FlagWriteEvent) => void>();
  const announce = (event: FlagWriteEvent) => {
    for (const listener of listeners) listener(event);
  };

  async function write(
    env: string,
    key: string,
    precondition: Precondition,
    actor: Actor,
    action: string,
    change: Change<Flag>,
    details?: Record<string, unknown>,
    fromFile = false,
  ): Promise<FlagWrite> {
    const audit = details === undefined ? { actor, action } : { actor, action, details };
    const result = await writeVersioned(target(env, key), precondition, audit, (current) => {
      if (fromFile) return change(current);
      assertNotManaged(current, action);
      if (current?.archived && !ARCHIVE_ACTIONS.has(action)) {
        throw new ApiError('SY_ERR_FLAG_ARCHIVED', `"${key}" is archived; unarchive it to change it`);
      }
      return change(current);
    });
    if (result.value === null) throw new ApiError('SY_ERR_FLAG_NOT_FOUND');
    if (result.changed) announce({ environment: env, key, actor, action, flag: result.value });
    return { flag: result.value, created: result.previous === undefined, changed: result.changed };
  }

  const existing = (current: Flag | undefined): Flag => {
    if (current === undefined) throw new ApiError('SY_ERR_FLAG_NOT_FOUND');
    return current;
  };
  const booleanFlag = (current: Flag | undefined): Flag => {
    const flag = existing(current);
    if (flag.type !== 'boolean') {
      throw new ApiError(
        'SY_ERR_NOT_BOOLEAN',
        `"${flag.key}" is a ${flag.type} flag; only boolean flags have a percentage`,
      );
    }
    return flag;
  };

  return {
    async put(env, key, body, precondition, actor) {
      const input = parseDocumentBody(flagInputSchema, key, body, 'flag');
      await requireSegments(store, env, input.rules ?? []);
      await assertPrerequisiteChains(store, env, input);
      return write(env, key, precondition, actor, 'flag.put', () => input);
    },

    async remove(env, key, precondition, actor) {
      await writeVersioned(target(env, key), precondition, { actor, action: 'flag.delete' }, (current) => {
        assertNotManaged(existing(current), 'flag.delete');
        return null;
      });
      announce({ environment: env, key, actor, action: 'flag.delete', flag: null });
    },

    ramp(env, key, percentage, precondition, actor, details) {
      return write(
        env,
        key,
        precondition,
        actor,
        'flag.rollout',
        (current) => {
          const flag = booleanFlag(current);
          if ('rollout' in flag.fallthrough && percentageOf(flag) === percentage) return undefined;
          return rampFallthrough(withoutVersion(flag), percentage);
        },
        details,
      );
    },

    setEnabled(env, key, enabled, precondition, actor, details) {
      return write(
        env,
        key,
        precondition,
        actor,
        enabled ? 'flag.enable' : 'flag.disable',
        (current) => {
          const flag = existing(current);
          return flag.enabled === enabled ? undefined : { ...withoutVersion(flag), enabled };
        },
        details,
      );
    },

    async archive(env, key, precondition, actor) {
      await assertNoDependents(store, env, key);
      return write(env, key, precondition, actor, 'flag.archive', (current) => {
        const flag = existing(current);
        return flag.archived ? undefined : { ...withoutVersion(flag), archived: true };
      });
    },

    async putFromFile(env, key, input, managedBy, precondition, actor) {
      await requireSegments(store, env, input.rules ?? []);
      await assertPrerequisiteChains(store, env, input);
      return write(
        env,
        key,
        precondition,
        actor,
        'flag.put',
        () => ({ ...input, managedBy }),
        undefined,
        true,
      );
    },

    async retireFromFile(env, key, precondition, actor) {
      await assertNoDependents(store, env, key);
      const retire = (current: Flag | undefined) => {
        const { managedBy: _, ...rest } = withoutVersion(existing(current));
        return { ...rest, archived: true };
      };
      return write(env, key, precondition, actor, 'flag.archive', retire, undefined, true);
    },

    unarchive(env, key, precondition, actor) {
      return write(env, key, precondition, actor, 'flag.unarchive', (current) => {
        const flag = existing(current);
        if (!flag.archived) return undefined;
        const { archived: _, ...rest } = withoutVersion(flag);
        return rest;
      });
    },

    onWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async restore(env, key, version, precondition, actor) {
      await requireEnvironment(store, env);
      const old = (await store.flagHistory(env, key)).find((f) => f.version === version);
      if (old === undefined)
        throw new ApiError('SY_ERR_VERSION_NOT_FOUND', `"${key}" has no version ${version}`);
      // The flags file's marker is the file's to set: a version it wrote comes back unmanaged.
      const { managedBy: _, ...restored } = withoutVersion(old);
      return write(env, key, precondition, actor, 'flag.restore', () => restored, {
        restoredVersion: version,
      });
    },
  };
}

/** Refuses (409) to take `key` out of the rulesets while other flags name it as a prerequisite. */
async function assertNoDependents(store: FlagStore, env: string, key: string): Promise<void> {
  await requireEnvironment(store, env);
  const dependents = dependentsOf(await store.listFlags(env), key);
  if (dependents.length > 0) {
    throw new ApiError(
      'SY_ERR_FLAG_IN_USE',
      `"${key}" is a prerequisite of ${dependents.map((d) => `"${d}"`).join(', ')}; remove it from them first`,
      { flags: dependents },
    );
  }
}

/** An `inSegment` clause must name segments of the environment: a typo would silently match nobody. */
async function requireSegments(store: FlagStore, env: string, rules: readonly Rule[]): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [i, rule] of rules.entries()) {
    for (const [j, clause] of rule.clauses.entries()) {
      if (clause.op !== 'inSegment') continue;
      for (const [k, value] of clause.values.entries()) {
        if (typeof value === 'string' && (await store.getSegment(env, value)) !== undefined) continue;
        problems.push({
          path: `rules.${i}.clauses.${j}.values.${k}`,
          message: `no segment "${String(value)}" in "${env}"`,
        });
      }
    }
  }
  const first = problems[0];
  if (first !== undefined) {
    throw new ApiError('SY_ERR_VALIDATION', `Invalid flag: ${first.path}: ${first.message}`, problems);
  }
}
