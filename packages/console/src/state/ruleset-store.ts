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
  applyPatch(patch: StreamPatch): void;
  applyDelete(removed: StreamDelete): void;
  /** A document this console just wrote or read: kept unless a newer version is known already. */
  upsertFlag(flag: Flag): void;
  upsertSegment(segment: Segment): void;
}

const EMPTY: RulesetSnapshot = { ready: false, changes: 0, flags: {}, segments: {} };

export function createRulesetStore(): RulesetStore {
  let snapshot = EMPTY;
  const listeners = new Set<() => void>();
  const set = (next: RulesetSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const putFlag = (flag: Flag) => {
    if (!patchApplies(flag.version, snapshot.flags[flag.key]?.version)) return;
    set({ ...snapshot, changes: snapshot.changes + 1, flags: { ...snapshot.flags, [flag.key]: flag } });
  };
  const putSegment = (segment: Segment) => {
    if (!patchApplies(segment.version, snapshot.segments[segment.key]?.version)) return;
    set({
      ...snapshot,
      changes: snapshot.changes + 1,
      segments: { ...snapshot.segments, [segment.key]: segment },
    });
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applyPut(ruleset) {
      set({ ready: true, changes: snapshot.changes + 1, flags: ruleset.flags, segments: ruleset.segments });
    },
    applyPatch(patch) {
      if (patch.kind === 'flag') putFlag(patch.data);
      else putSegment(patch.data);
    },
    applyDelete({ kind, key, version }) {
      const documents = kind === 'flag' ? snapshot.flags : snapshot.segments;
      const current = documents[key];
      if (current === undefined || !deleteApplies(version, current.version)) return;
      const { [key]: _removed, ...rest } = documents;
      set({ ...snapshot, changes: snapshot.changes + 1, [kind === 'flag' ? 'flags' : 'segments']: rest });
    },
    upsertFlag: (flag) => putFlag(flag),
    upsertSegment: (segment) => putSegment(segment),
  };
}
