import type { Flag, Segment } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { auditHead } from '../audit-log.js';
import { checkedDocument, type DocumentKind, FLAG_KIND, SEGMENT_KIND } from '../document-kinds.js';
import { AUDIT_KEPT, CHANGES_KEPT, HISTORY_KEPT } from '../limits.js';
import { parseJson } from '../records.js';
import type { AuditInput, DocumentStore, WriteResult } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, optionalString, parseJsonList } from './replies.js';

/**
 * The write script's reply: -1 no such environment, 0 conflict (with the current JSON), 1 written
 * (with the revision and the JSON it replaced).
 */
const writeReply = z.union([
  z.tuple([z.literal(-1)]),
  z.tuple([z.literal(0), z.string().nullable()]),
  z.tuple([z.literal(1), z.number().int(), z.string().nullable()]),
]);

export type RedisDocuments = DocumentStore;

/**
 * Flags and segments: one hash per kind and environment. Every write is one script that checks the
 * version and writes the document, its history, the change log, the audit entry and the revision.
 */
export function redisDocuments(client: Redis | Cluster, keys: KeyLayout): RedisDocuments {
  /** The hash holding the documents of `kind` in `environment`. */
  const documentsOf = ({ kind }: { kind: 'flag' | 'segment' }, environment: string) => {
    const env = keys.environment(environment);
    return kind === 'flag' ? env.flags : env.segments;
  };

  async function compareAndSet<T extends Flag | Segment>(
    kind: DocumentKind<T>,
    environment: string,
    key: string,
    expectedVersion: number | null,
    next: T | null,
    input: AuditInput,
  ): Promise<WriteResult<T>> {
    const doc = next === null ? null : checkedDocument(kind, key, next);
    const env = keys.environment(environment);
    const documents = documentsOf(kind, environment);
    const head = (value: object) => JSON.stringify(value).slice(0, -1);
    const reply = await client.switchyardWriteDocument(
      env.meta,
      env.revision,
      documents,
      // Kinds without history still pass a key of the same slot; the script then never touches it.
      kind.keepsHistory ? env.flagHistory(key) : documents,
      env.changes,
      env.audit,
      key,
      expectedVersion === null ? '' : expectedVersion,
      doc === null ? '' : JSON.stringify(doc),
      head(auditHead(input, environment, { kind: kind.kind, key })),
      head({ environment, kind: kind.kind, key }),
      kind.keepsHistory ? HISTORY_KEPT : 0,
      CHANGES_KEPT,
      AUDIT_KEPT,
      keys.changes,
    );
    const result = writeReply.parse(reply);
    if (result[0] === -1) throw new Error(`environment "${environment}" does not exist`);
    const stored = (json: string | null) =>
      json === null ? undefined : parseJson(kind.schema, json, `${kind.kind} "${key}"`);
    if (result[0] === 0) return { ok: false, current: stored(result[1]) };
    return { ok: true, revision: result[1], value: doc, previous: stored(result[2]) ?? null };
  }

  async function getDocument<T extends Flag | Segment>(
    kind: DocumentKind<T>,
    environment: string,
    key: string,
  ): Promise<T | undefined> {
    const text = optionalString.parse(await client.hget(documentsOf(kind, environment), key));
    return text === null ? undefined : parseJson(kind.schema, text, `${kind.kind} "${key}"`);
  }

  async function listDocuments<T extends Flag | Segment>(kind: DocumentKind<T>, environment: string) {
    return parseJsonList(kind.schema, await client.hvals(documentsOf(kind, environment)), `a ${kind.kind}`);
  }

  return {
    listFlags: (environment) => listDocuments(FLAG_KIND, environment),
    getFlag: (environment, key) => getDocument(FLAG_KIND, environment, key),
    async flagHistory(environment, key) {
      const list = keys.environment(environment).flagHistory(key);
      return parseJsonList(FLAG_KIND.schema, await client.lrange(list, 0, -1), `a version of flag "${key}"`);
    },
    compareAndSetFlag: (environment, key, expectedVersion, next, input) =>
      compareAndSet(FLAG_KIND, environment, key, expectedVersion, next, input),

    listSegments: (environment) => listDocuments(SEGMENT_KIND, environment),
    getSegment: (environment, key) => getDocument(SEGMENT_KIND, environment, key),
    compareAndSetSegment: (environment, key, expectedVersion, next, input) =>
      compareAndSet(SEGMENT_KIND, environment, key, expectedVersion, next, input),

    async getRuleset(environment) {
      const env = keys.environment(environment);
      const [revision, flags, segments] = await exec(
        client.multi().get(env.revision).hvals(env.flags).hvals(env.segments),
      );
      return {
        revision: Number(optionalString.parse(revision) ?? 0),
        flags: parseJsonList(FLAG_KIND.schema, flags, 'a flag'),
        segments: parseJsonList(SEGMENT_KIND.schema, segments, 'a segment'),
      };
    },
  };
}
