import type { Flag, Segment } from '@switchyard/shared';
import { auditHead } from '../audit-log.js';
import {
  checkedDocument,
  type DocumentKind,
  FLAG_KIND,
  SEGMENT_KIND,
  versionMatches,
} from '../document-kinds.js';
import { environmentSchema } from '../records.js';
import type { AuditEntry, AuditInput, DocumentStore, FlagStore, WriteResult } from '../types.js';
import type { StateWriter } from './state-writer.js';
import type { StoredEnvironment } from './store-state.js';

type FileDocuments = DocumentStore &
  Pick<FlagStore, 'listEnvironments' | 'getEnvironment' | 'createEnvironment' | 'changesSince'>;

/** Environments, flags and segments, and the changes that delivery replays, from the in-memory state. */
export function fileDocuments(writer: StateWriter): FileDocuments {
  const { state } = writer;

  async function compareAndSet<T extends Flag | Segment>(
    kind: DocumentKind<T>,
    documents: (env: StoredEnvironment) => Map<string, T>,
    envKey: string,
    key: string,
    expectedVersion: number | null,
    next: T | null,
    input: AuditInput,
  ): Promise<WriteResult<T>> {
    const doc = next === null ? null : checkedDocument(kind, key, next);
    return writer.write(async () => {
      const env = writer.environment(envKey);
      const current = documents(env).get(key);
      if (!versionMatches(current, expectedVersion) || (doc === null && current === undefined)) {
        return { ok: false, current: structuredClone(current) };
      }
      const change = kind.change(envKey, env.revision + 1, key, doc);
      const audit: AuditEntry = {
        ...auditHead(input, envKey, { kind: kind.kind, key }),
        before: current ?? null,
        after: doc,
      };
      await writer.commit({ type: 'change', change, audit });
      return {
        ok: true,
        revision: change.revision,
        value: structuredClone(doc),
        previous: structuredClone(current ?? null),
      };
    });
  }

  return {
    async listEnvironments() {
      return [...state.environments.values()].map((e) => structuredClone(e.environment));
    },
    async getEnvironment(key) {
      return structuredClone(state.environments.get(key)?.environment);
    },
    async createEnvironment(env, input) {
      const checked = environmentSchema.parse(env);
      return writer.write(async () => {
        if (state.environments.has(checked.key)) return false;
        const audit: AuditEntry = {
          ...auditHead(input, checked.key, { kind: 'environment', key: checked.key }),
          before: null,
          after: checked,
        };
        await writer.commit({ type: 'environment', environment: checked, audit });
        return true;
      });
    },

    async listFlags(envKey) {
      return structuredClone([...(state.environments.get(envKey)?.flags.values() ?? [])]);
    },
    async getFlag(envKey, key) {
      return structuredClone(state.environments.get(envKey)?.flags.get(key));
    },
    async flagHistory(envKey, key) {
      return structuredClone([...(state.environments.get(envKey)?.flagHistory.get(key) ?? [])].reverse());
    },
    compareAndSetFlag: (envKey, key, expectedVersion, next, input) =>
      compareAndSet(FLAG_KIND, (e) => e.flags, envKey, key, expectedVersion, next, input),

    async listSegments(envKey) {
      return structuredClone([...(state.environments.get(envKey)?.segments.values() ?? [])]);
    },
    async getSegment(envKey, key) {
      return structuredClone(state.environments.get(envKey)?.segments.get(key));
    },
    compareAndSetSegment: (envKey, key, expectedVersion, next, input) =>
      compareAndSet(SEGMENT_KIND, (e) => e.segments, envKey, key, expectedVersion, next, input),

    async getRuleset(envKey) {
      const env = state.environments.get(envKey);
      if (env === undefined) return { revision: 0, flags: [], segments: [] };
      return structuredClone({
        revision: env.revision,
        flags: [...env.flags.values()],
        segments: [...env.segments.values()],
      });
    },
    async changesSince(envKey, revision) {
      const env = state.environments.get(envKey);
      const current = env?.revision ?? 0;
      if (revision > current || revision < 0) return null;
      if (revision === current) return [];
      const oldest = env?.changes[0]?.revision;
      if (env === undefined || oldest === undefined || oldest > revision + 1) return null;
      return structuredClone(env.changes.slice(revision + 1 - oldest));
    },
  };
}
