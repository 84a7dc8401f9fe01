import {
  createEvaluator,
  deleteApplies,
  type Evaluator,
  type Flag,
  patchApplies,
  positionAfter,
  type RulesetLike,
  type RulesetPosition,
  type RulesetResponse,
  rulesetAdvances,
  type Segment,
  type StreamDelete,
  type StreamPatch,
} from '@switchyard/shared';
import { affectedFlags } from './affected-flags.js';

/** Where the ruleset in use came from. */
export type RulesetSource = 'server' | 'cache' | 'bootstrap' | 'test';

/** A ruleset with its revision, as it arrives from the server, a cache file or the caller. */
export interface SourcedRuleset extends RulesetLike {
  readonly revision?: number | undefined;
  /** The store epoch it was served in (servers that predate epochs send none). */
  readonly epoch?: string | undefined;
}

/**
 * The ruleset an SDK evaluates against: the plain documents (for change detection and the cache
 * file) next to the compiled evaluator, kept in step. Every method returns the keys of the flags
 * whose results may have changed, empty when nothing did.
 */
export interface RulesetStore {
  readonly evaluator: Evaluator;
  /** Null until a ruleset arrives from anywhere. */
  readonly source: RulesetSource | null;
  readonly revision: number | null;
  /** The store epoch of what is held, when the server sent one. */
  readonly epoch: string | null;
  getFlag(key: string): Flag | undefined;
  /**
   * Replaces everything (a stream `put`, a poll, the cache file, a bootstrap), unless its revision is
   * behind what is held in the same store epoch (`rulesetAdvances`): then nothing changes.
   */
  replace(ruleset: SourcedRuleset, source: RulesetSource): string[];
  /** Applies one flag or segment unless what is held is as new or newer, or its revision is behind. */
  patch(patch: StreamPatch, revision?: number): string[];
  /** Deletes one flag or segment unless what is held is newer than the deleted version, or its revision is behind. */
  remove(change: StreamDelete, revision?: number): string[];
  /** The whole ruleset as the wire and the cache file carry it. */
  snapshot(): RulesetResponse;
  /** Called after every change that affected at least one flag. */
  onChange(listener: (keys: string[]) => void): void;
}

export function createRulesetStore(): RulesetStore {
  return new MapRulesetStore();
}

class MapRulesetStore implements RulesetStore {
  readonly evaluator: Evaluator = createEvaluator({ flags: {}, segments: {} });
  source: RulesetSource | null = null;
  revision: number | null = null;
  epoch: string | null = null;
  private flags = new Map<string, Flag>();
  private segments = new Map<string, Segment>();
  /**
   * Versions of deleted documents, so that a patch that was overtaken by a delete cannot bring the
   * document back. A `put` is the whole truth and clears them.
   */
  private deletedFlags = new Map<string, number>();
  private deletedSegments = new Map<string, number>();
  private readonly listeners: ((keys: string[]) => void)[] = [];

  getFlag(key: string): Flag | undefined {
    return this.flags.get(key);
  }

  replace(ruleset: SourcedRuleset, source: RulesetSource): string[] {
    if (!rulesetAdvances(this.position(), ruleset)) return [];
    const flags = new Map(Object.values(ruleset.flags).map((f) => [f.key, f]));
    const segments = new Map(Object.values(ruleset.segments).map((s) => [s.key, s]));
    const changedFlags = differentKeys(this.flags, flags);
    const changedSegments = new Set(differentKeys(this.segments, segments));
    this.flags = flags;
    this.segments = segments;
    this.deletedFlags = new Map();
    this.deletedSegments = new Map();
    this.source = source;
    this.revision = ruleset.revision ?? null;
    this.epoch = positionAfter(this.position(), ruleset).epoch ?? null;
    this.evaluator.replace({ flags: ruleset.flags, segments: ruleset.segments });
    return this.changed(changedFlags, changedSegments);
  }

  patch(patch: StreamPatch, revision?: number): string[] {
    if (!rulesetAdvances(this.position(), { revision })) return [];
    this.advance(revision);
    if (patch.kind === 'flag') {
      const flag = patch.data;
      if (!patchApplies(flag.version, this.flags.get(flag.key)?.version, this.deletedFlags.get(flag.key)))
        return [];
      this.flags.set(flag.key, flag);
      this.deletedFlags.delete(flag.key);
      this.evaluator.setFlag(flag);
      return this.changed([flag.key], new Set());
    }
    const segment = patch.data;
    const held = this.segments.get(segment.key)?.version;
    if (!patchApplies(segment.version, held, this.deletedSegments.get(segment.key))) return [];
    this.segments.set(segment.key, segment);
    this.deletedSegments.delete(segment.key);
    this.evaluator.setSegment(segment);
    return this.changed([], new Set([segment.key]));
  }

  remove(change: StreamDelete, revision?: number): string[] {
    if (!rulesetAdvances(this.position(), { revision })) return [];
    this.advance(revision);
    const documents = change.kind === 'flag' ? this.flags : this.segments;
    const tombstones = change.kind === 'flag' ? this.deletedFlags : this.deletedSegments;
    const held = documents.get(change.key);
    if (!deleteApplies(change.version, held?.version)) return [];
    tombstones.set(change.key, Math.max(change.version, tombstones.get(change.key) ?? 0));
    if (held === undefined) return [];
    documents.delete(change.key);
    if (change.kind === 'flag') {
      this.evaluator.deleteFlag(change.key);
      return this.changed([change.key], new Set());
    }
    this.evaluator.deleteSegment(change.key);
    return this.changed([], new Set([change.key]));
  }

  snapshot(): RulesetResponse {
    return {
      ...(this.epoch === null ? {} : { epoch: this.epoch }),
      revision: this.revision ?? 0,
      flags: Object.fromEntries(this.flags),
      segments: Object.fromEntries(this.segments),
    };
  }

  onChange(listener: (keys: string[]) => void): void {
    this.listeners.push(listener);
  }

  private position(): RulesetPosition | null {
    if (this.source === null) return null;
    return { epoch: this.epoch ?? undefined, revision: this.revision ?? undefined };
  }

  private advance(revision: number | undefined): void {
    if (revision !== undefined) this.revision = revision;
  }

  private changed(flags: Iterable<string>, segments: ReadonlySet<string>): string[] {
    // Deleted flags are no longer in the map but did change.
    const keys = affectedFlags(this.flags, flags, segments);
    if (keys.length > 0) for (const listener of this.listeners) listener(keys);
    return keys;
  }
}

/** Keys added, removed or changed between two maps of versioned documents. */
function differentKeys<T extends { version: number }>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
): string[] {
  const keys: string[] = [];
  for (const [key, doc] of after) {
    const old = before.get(key);
    // The same version from another source (bootstrap, cache) may still hold other content.
    if (old === undefined || old.version !== doc.version || JSON.stringify(old) !== JSON.stringify(doc)) {
      keys.push(key);
    }
  }
  for (const key of before.keys()) if (!after.has(key)) keys.push(key);
  return keys;
}
