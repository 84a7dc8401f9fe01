import {
  deleteApplies,
  type Flag,
  patchApplies,
  type RulesetResponse,
  type Segment,
  type StreamDelete,
  type StreamPatch,
} from '@switchyard/shared';

export interface RulesetSnapshot {
  /** False until the stream's first `put`. */
  ready: boolean;
  /** +1 on every change seen, so views can refresh what they derive from the documents. */
  changes: number;
  flags: Readonly<Record<string, Flag>>;
  segments: Readonly<Record<string, Segment>>;
}

/** An environment's flags and segments as the console knows them, for useSyncExternalStore. */
export interface RulesetStore {
  getSnapshot(): RulesetSnapshot;
  subscribe(listener: () => void): () => void;
  applyPut(ruleset: RulesetResponse): void;
  /** `revision` is the stream event's id, when it has one. */
  applyPatch(patch: StreamPatch, revision?: number): void;
  applyDelete(removed: StreamDelete, revision?: number): void;
  /** A document this console just wrote or read: kept unless a newer version is known already. */
  upsertFlag(flag: Flag): void;
  upsertSegment(segment: Segment): void;
}

/** What a stream `delete` removed: the document's last version and the revision of the delete. */
interface Tombstone {
  version: number;
  revision: number | undefined;
}

type Kind = StreamDelete['kind'];
type Documents = Readonly<Record<string, Flag | Segment>>;

const EMPTY: RulesetSnapshot = { ready: false, changes: 0, flags: {}, segments: {} };
const field = (kind: Kind) => (kind === 'flag' ? 'flags' : 'segments');

/**
 * A put is the whole truth only when it is at least as new as everything applied so far; a late one
 * (read before a patch or delete that was applied first) may only add what is newer than held.
 */
function mergePut(
  held: Documents,
  incoming: Documents,
  tombstones: Map<string, Tombstone>,
  late: boolean,
): Record<string, Flag | Segment> {
  const merged: Record<string, Flag | Segment> = late ? { ...held } : {};
  for (const [key, document] of Object.entries(incoming)) {
    const kept = held[key];
    // A deleted document comes back only in a version made after the delete.
    if (!patchApplies(document.version, undefined, tombstones.get(key)?.version)) continue;
    merged[key] = kept !== undefined && kept.version > document.version ? kept : document;
  }
  return merged;
}

export function createRulesetStore(): RulesetStore {
  let snapshot = EMPTY;
  /** The newest stream revision applied, so a put read before it is known to be late. */
  let revision: number | undefined;
  const tombstones: Record<Kind, Map<string, Tombstone>> = { flag: new Map(), segment: new Map() };
  const listeners = new Set<() => void>();
  const set = (next: RulesetSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };
  const advance = (to: number | undefined) => {
    if (to !== undefined && (revision === undefined || to > revision)) revision = to;
  };

  const put = (kind: Kind, document: Flag | Segment) => {
    const documents: Documents = snapshot[field(kind)];
    const deleted = tombstones[kind].get(document.key)?.version;
    if (!patchApplies(document.version, documents[document.key]?.version, deleted)) return;
    tombstones[kind].delete(document.key);
    set({
      ...snapshot,
      changes: snapshot.changes + 1,
      [field(kind)]: { ...documents, [document.key]: document },
    });
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applyPut(ruleset) {
      const late = revision !== undefined && ruleset.revision < revision;
      for (const kind of ['flag', 'segment'] as const) {
        // Deletes the put already reflects need no tombstone any more.
        for (const [key, tombstone] of tombstones[kind]) {
          if (tombstone.revision !== undefined && tombstone.revision <= ruleset.revision)
            tombstones[kind].delete(key);
        }
      }
      const flags = mergePut(snapshot.flags, ruleset.flags, tombstones.flag, late) as Record<string, Flag>;
      const segments = mergePut(snapshot.segments, ruleset.segments, tombstones.segment, late) as Record<
        string,
        Segment
      >;
      advance(ruleset.revision);
      set({ ready: true, changes: snapshot.changes + 1, flags, segments });
    },
    applyPatch(patch, at) {
      advance(at);
      put(patch.kind, patch.data);
    },
    applyDelete({ kind, key, version }, at) {
      advance(at);
      const documents: Documents = snapshot[field(kind)];
      const current = documents[key];
      if (!deleteApplies(version, current?.version)) return;
      const previous = tombstones[kind].get(key);
      if (previous === undefined || previous.version <= version)
        tombstones[kind].set(key, { version, revision: at });
      if (current === undefined) return;
      const { [key]: _removed, ...rest } = documents;
      set({ ...snapshot, changes: snapshot.changes + 1, [field(kind)]: rest });
    },
    upsertFlag: (flag) => put('flag', flag),
    upsertSegment: (segment) => put('segment', segment),
  };
}
