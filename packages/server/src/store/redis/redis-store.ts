import type { Flag, Segment } from '@switchyard/shared';
import { type ChainableCommander, type Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { type AuditQuery, auditLimit, auditStub, matchesAuditQuery, mergeNewestFirst } from '../audit-log.js';
import { checkedDocument, type DocumentKind, FLAG_KIND, SEGMENT_KIND } from '../document-kinds.js';
import { AUDIT_KEPT, CHANGES_KEPT, HISTORY_KEPT, METRICS_RETENTION_MINUTES } from '../limits.js';
import {
  apiKeyRecordSchema,
  auditEntrySchema,
  environmentSchema,
  parseJson,
  storeChangeSchema,
} from '../records.js';
import type { ApiKeyRecord, AuditEntry, AuditInput, FlagStore, StoreChange, WriteResult } from '../types.js';
import { createChangeFeed } from './change-feed.js';
import { followConnections } from './connection-state.js';
import { keyLayout } from './key-layout.js';
import { createRedisMetrics } from './redis-metrics.js';
import { redisPlans } from './redis-plans.js';
import { createRedisClient, parseRedisUrl } from './redis-url.js';
import { defineScripts } from './scripts.js';

export interface RedisStoreOptions {
  /** A REDIS_URL in any of the forms `parseRedisUrl` documents. Ignored when `client` is given. */
  url?: string;
  /**
   * A client to use instead of one made from `url`. The store adds its scripts to it and duplicates
   * it for pub/sub; it closes the duplicate but leaves this client open on `close()`.
   */
  client?: Redis | Cluster;
  /** Prefix of every key and of the changes channel. Default `switchyard:`. */
  keyPrefix?: string;
  /** How long `createRedisStore` waits for Redis before it gives up. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** Age in minutes after which per-minute metrics expire. Default 7 days. */
  metricsRetentionMinutes?: number;
}

const PING_TIMEOUT_MS = 2_000;
const AUDIT_PAGE = 500;

const stringList = z.array(z.string());
const stringHash = z.record(z.string(), z.string());
const optionalString = z.string().nullable();
const writeReply = z.union([
  z.tuple([z.literal(-1)]),
  z.tuple([z.literal(0), z.string().nullable()]),
  z.tuple([z.literal(1), z.number().int()]),
]);

/** Runs a MULTI and returns each command's reply, throwing the first error. */
async function exec(multi: ChainableCommander): Promise<unknown[]> {
  const results = await multi.exec();
  if (results === null) throw new Error('a Redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

function waitReady(connection: Redis | Cluster, timeoutMs: number, what: string): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError = 'no answer';
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const timer = setTimeout(() => {
      connection.off('ready', onReady);
      connection.off('error', onError);
      reject(new Error(`Redis (${what}) was not ready within ${timeoutMs} ms: ${lastError}`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      connection.off('error', onError);
      resolve();
    };
    connection.once('ready', onReady);
    connection.on('error', onError);
  });
}

async function shutdown(connection: Redis | Cluster): Promise<void> {
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  await connection.quit().catch(() => connection.disconnect());
}

/**
 * Opens the Redis store: resolves once both connections are ready and subscribed, or rejects after
 * `connectTimeoutMs`. Changes made through any instance reach every instance's `subscribe` listeners.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<FlagStore> {
  if (options.client === undefined && options.url === undefined)
    throw new Error('createRedisStore needs a url or a client');
  const client = options.client ?? createRedisClient(parseRedisUrl(options.url ?? ''));
  // The change feed subscribes itself after each reconnect, to know when to catch up (and so that a
  // refused subscription is retried instead of becoming an unhandled rejection inside ioredis).
  // Cluster's subscriber connection resubscribes on its own and swallows failures.
  const subscriber =
    client instanceof Redis ? client.duplicate({ autoResubscribe: false }) : client.duplicate();
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  try {
    await Promise.all([
      waitReady(client, timeoutMs, 'commands'),
      waitReady(subscriber, timeoutMs, 'subscriber'),
    ]);
    return await openedRedisStore(client, subscriber, options);
  } catch (err) {
    subscriber.disconnect();
    if (options.client === undefined) client.disconnect();
    throw err;
  }
}

async function openedRedisStore(
  client: Redis | Cluster,
  subscriber: Redis | Cluster,
  options: RedisStoreOptions,
): Promise<FlagStore> {
  defineScripts(client);
  const keys = keyLayout(options.keyPrefix ?? 'switchyard:');
  const metrics = createRedisMetrics(
    client,
    keys,
    options.metricsRetentionMinutes ?? METRICS_RETENTION_MINUTES,
  );
  let closed = false;

  const environmentKeys = async () =>
    stringList.parse(await client.lrange(keys.global.environmentOrder, 0, -1));

  const changesSince = async (environment: string, revision: number): Promise<StoreChange[] | null> => {
    const env = keys.environment(environment);
    const [current, oldest, newer] = await exec(
      client
        .multi()
        .get(env.revision)
        .zrange(env.changes, 0, 0, 'WITHSCORES')
        .zrangebyscore(env.changes, `(${revision}`, '+inf'),
    );
    const currentRevision = Number(optionalString.parse(current) ?? 0);
    if (revision > currentRevision || revision < 0) return null;
    if (revision === currentRevision) return [];
    const oldestRevision = Number(stringList.parse(oldest)[1] ?? Number.NaN);
    if (!(oldestRevision <= revision + 1)) return null;
    const changes = stringList
      .parse(newer)
      .map((text) => parseJson(storeChangeSchema, text, 'a stored change'));
    return changes.length === currentRevision - revision ? changes : null;
  };

  const connection = followConnections([client, subscriber], () => feed.catchUp());
  const feed = createChangeFeed({
    subscriber,
    channel: keys.changes,
    changesSince,
    onResyncNeeded: (environment) => connection.emit({ type: 'resync-needed', environment }),
    async revisions() {
      const envs = await environmentKeys();
      const pipeline = client.pipeline();
      for (const env of envs) pipeline.get(keys.environment(env).revision);
      const replies = await exec(pipeline);
      return new Map(envs.map((env, i) => [env, Number(optionalString.parse(replies[i]) ?? 0)]));
    },
  });
  await feed.start();

  const assertOpen = () => {
    if (closed) throw new Error('the Redis store is closed');
  };

  async function compareAndSet<T extends Flag | Segment>(
    kind: DocumentKind<T>,
    environment: string,
    key: string,
    expectedVersion: number | null,
    next: T | null,
    input: AuditInput,
  ): Promise<WriteResult<T>> {
    assertOpen();
    const doc = next === null ? null : checkedDocument(kind, key, next);
    const env = keys.environment(environment);
    const documents = kind.kind === 'flag' ? env.flags : env.segments;
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
      head(auditStub(input, environment, { kind: kind.kind, key })),
      head({ environment, kind: kind.kind, key }),
      kind.keepsHistory ? HISTORY_KEPT : 0,
      CHANGES_KEPT,
      AUDIT_KEPT,
      keys.changes,
    );
    const result = writeReply.parse(reply);
    if (result[0] === -1) throw new Error(`environment "${environment}" does not exist`);
    if (result[0] === 0) {
      const current =
        result[1] === null ? undefined : parseJson(kind.schema, result[1], `${kind.kind} "${key}"`);
      return { ok: false, current };
    }
    return { ok: true, revision: result[1], value: doc };
  }

  const readAudit = async (list: string, query: AuditQuery, limit: number): Promise<AuditEntry[]> => {
    const found: AuditEntry[] = [];
    for (let start = 0; found.length < limit; start += AUDIT_PAGE) {
      const page = stringList.parse(await client.lrange(list, start, start + AUDIT_PAGE - 1));
      for (const text of page) {
        const entry = parseJson(auditEntrySchema, text, 'an audit entry');
        if (matchesAuditQuery(entry, query) && found.length < limit) found.push(entry);
      }
      if (page.length < AUDIT_PAGE) break;
    }
    return found;
  };

  const parseDocs = <T>(schema: z.ZodType<T>, values: unknown, what: string): T[] =>
    stringList.parse(values).map((text) => parseJson(schema, text, what));

  const withoutSecret = ({ secretHash: _, ...rest }: ApiKeyRecord) => rest;

  const getApiKeyText = async (id: string) =>
    optionalString.parse(await client.hget(keys.global.apiKeys, id));

  const plans = redisPlans(client, (env) => keys.environment(env).plans, keys.global.lease);

  return {
    getPlan: (env, flag) => plans.getPlan(env, flag),
    listPlans: async () => plans.listPlans(await environmentKeys()),
    compareAndSetPlan: (env, flag, expected, next) => plans.compareAndSetPlan(env, flag, expected, next),
    tryLease: (name, holder, ttlMs) => plans.tryLease(name, holder, ttlMs),

    async listEnvironments() {
      assertOpen();
      const [order, all] = await exec(
        client.multi().lrange(keys.global.environmentOrder, 0, -1).hgetall(keys.global.environments),
      );
      const byKey = stringHash.parse(all);
      return stringList
        .parse(order)
        .flatMap((key) =>
          byKey[key] === undefined ? [] : [parseJson(environmentSchema, byKey[key], 'an environment')],
        );
    },
    async getEnvironment(key) {
      assertOpen();
      const text = optionalString.parse(await client.get(keys.environment(key).meta));
      return text === null ? undefined : parseJson(environmentSchema, text, `environment "${key}"`);
    },
    async createEnvironment(environment, input) {
      assertOpen();
      const checked = environmentSchema.parse(environment);
      const env = keys.environment(checked.key);
      const audit = {
        ...auditStub(input, checked.key, { kind: 'environment', key: checked.key }),
        before: null,
        after: checked,
      };
      const created =
        (await client.switchyardCreateEnvironment(
          env.meta,
          env.audit,
          JSON.stringify(checked),
          JSON.stringify(audit),
          AUDIT_KEPT,
        )) === 1;
      // Listed globally from what is stored, which repairs a creation that stopped before this step.
      const stored = optionalString.parse(await client.get(env.meta)) ?? JSON.stringify(checked);
      await client.switchyardRegisterEnvironment(
        keys.global.environments,
        keys.global.environmentOrder,
        checked.key,
        stored,
      );
      return created;
    },

    async listFlags(environment) {
      assertOpen();
      return parseDocs(FLAG_KIND.schema, await client.hvals(keys.environment(environment).flags), 'a flag');
    },
    async getFlag(environment, key) {
      assertOpen();
      const text = optionalString.parse(await client.hget(keys.environment(environment).flags, key));
      return text === null ? undefined : parseJson(FLAG_KIND.schema, text, `flag "${key}"`);
    },
    async flagHistory(environment, key) {
      assertOpen();
      const list = keys.environment(environment).flagHistory(key);
      return parseDocs(FLAG_KIND.schema, await client.lrange(list, 0, -1), `a version of flag "${key}"`);
    },
    compareAndSetFlag(environment, key, expectedVersion, next, input) {
      return compareAndSet(FLAG_KIND, environment, key, expectedVersion, next, input);
    },

    async listSegments(environment) {
      assertOpen();
      return parseDocs(
        SEGMENT_KIND.schema,
        await client.hvals(keys.environment(environment).segments),
        'a segment',
      );
    },
    async getSegment(environment, key) {
      assertOpen();
      const text = optionalString.parse(await client.hget(keys.environment(environment).segments, key));
      return text === null ? undefined : parseJson(SEGMENT_KIND.schema, text, `segment "${key}"`);
    },
    compareAndSetSegment(environment, key, expectedVersion, next, input) {
      return compareAndSet(SEGMENT_KIND, environment, key, expectedVersion, next, input);
    },

    async getRuleset(environment) {
      assertOpen();
      const env = keys.environment(environment);
      const [revision, flags, segments] = await exec(
        client.multi().get(env.revision).hvals(env.flags).hvals(env.segments),
      );
      return {
        revision: Number(optionalString.parse(revision) ?? 0),
        flags: parseDocs(FLAG_KIND.schema, flags, 'a flag'),
        segments: parseDocs(SEGMENT_KIND.schema, segments, 'a segment'),
      };
    },
    async changesSince(environment, revision) {
      assertOpen();
      return changesSince(environment, revision);
    },
    subscribe(listener) {
      return feed.subscribe(listener);
    },

    async listAudit(query) {
      assertOpen();
      const limit = auditLimit(query);
      if (limit === 0) return [];
      const envs = query.environment === undefined ? await environmentKeys() : [query.environment];
      const lists = await Promise.all(
        envs.map((env) => readAudit(keys.environment(env).audit, query, limit)),
      );
      if (query.flag === undefined) lists.push(await readAudit(keys.global.audit, query, limit));
      return mergeNewestFirst(lists, limit);
    },

    async createApiKey(key, input) {
      assertOpen();
      const checked = apiKeyRecordSchema.parse(key);
      const audit = {
        ...auditStub(input, checked.environment, { kind: 'apiKey', key: checked.id }),
        before: null,
        after: withoutSecret(checked),
      };
      await exec(
        client
          .multi()
          .hset(keys.global.apiKeys, checked.id, JSON.stringify(checked))
          .hset(keys.global.apiKeyHashes, checked.secretHash, checked.id)
          .lpush(keys.global.audit, JSON.stringify(audit))
          .ltrim(keys.global.audit, 0, AUDIT_KEPT - 1),
      );
    },
    async listApiKeys() {
      assertOpen();
      const all = parseDocs(apiKeyRecordSchema, await client.hvals(keys.global.apiKeys), 'an API key');
      return all.sort((a, b) =>
        a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
      );
    },
    async findApiKeyByHash(secretHash) {
      assertOpen();
      const id = optionalString.parse(await client.hget(keys.global.apiKeyHashes, secretHash));
      const text = id === null ? null : await getApiKeyText(id);
      const record = text === null ? undefined : parseJson(apiKeyRecordSchema, text, `API key "${id}"`);
      return record?.secretHash === secretHash ? record : undefined;
    },
    async revokeApiKey(id, input) {
      assertOpen();
      // Compare-and-set on the stored text; retried when another instance changed the key meanwhile.
      for (let attempt = 0; attempt < 10; attempt++) {
        const text = await getApiKeyText(id);
        if (text === null) return false;
        const current = parseJson(apiKeyRecordSchema, text, `API key "${id}"`);
        if (current.revokedAt !== null) return true;
        const revoked = { ...current, revokedAt: new Date().toISOString() };
        const audit = {
          ...auditStub(input, current.environment, { kind: 'apiKey', key: id }),
          before: withoutSecret(current),
          after: withoutSecret(revoked),
        };
        const replaced = await client.switchyardReplaceApiKey(
          keys.global.apiKeys,
          keys.global.audit,
          id,
          text,
          JSON.stringify(revoked),
          JSON.stringify(audit),
          AUDIT_KEPT,
        );
        if (replaced === 1) return true;
      }
      throw new Error(`API key "${id}" kept changing while it was being revoked`);
    },

    async addMetrics(environment, minute, batch) {
      assertOpen();
      await metrics.add(environment, minute, batch);
    },
    async readMetrics(environment, flag, fromMinute, toMinute) {
      assertOpen();
      return metrics.read(environment, flag, fromMinute, toMinute);
    },

    async checkReady() {
      assertOpen();
      if (connection.lost) throw new Error('the Redis connection is lost; reconnecting');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not answer PING within ${PING_TIMEOUT_MS} ms`)),
          PING_TIMEOUT_MS,
        );
      });
      try {
        const reply = await Promise.race([client.ping(), timeout]);
        if (reply !== 'PONG') throw new Error(`Redis answered PING with ${String(reply)}`);
      } catch (err) {
        throw new Error(`Redis is not ready: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    },
    onConnectionChange(listener) {
      return connection.onChange(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      connection.stop();
      await shutdown(subscriber);
      if (options.client === undefined) await shutdown(client);
    },
  };
}
