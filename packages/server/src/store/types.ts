import type {
  ApiKey,
  ApiKeyKind,
  AuditActor,
  AuditEntry as AuditEntryBody,
  Environment,
  Flag,
  FlagVariantMetrics,
  MinuteMetrics,
  Plan,
  Schedule,
  Segment,
  Trigger,
  Webhook,
  WebhookDelivery,
} from '@switchyard/shared';

import type { AuditQuery } from './audit-log.js';

export type { ApiKeyKind, Environment, MinuteMetrics };

/**
 * The storage contract of the flag server. Two implementations pass one contract suite:
 * `FileStore` (embedded, the default) and `RedisStore` (for several server instances).
 *
 * Every change goes through one compare-and-set call, which atomically checks the expected version,
 * writes the document, appends its history and an audit entry, bumps the environment's revision and
 * announces the change to every subscriber (on every instance, for Redis). Services above the store
 * (ramp, enable, restore, ...) are read + compare-and-set, so the store stays small.
 */
export interface FlagStore {
  /** Environments, in creation order. */
  listEnvironments(): Promise<Environment[]>;
  getEnvironment(key: string): Promise<Environment | undefined>;
  /** Creates an environment; returns false when one with that key exists already. */
  createEnvironment(environment: Environment, audit: AuditInput): Promise<boolean>;

  listFlags(environment: string): Promise<Flag[]>;
  getFlag(environment: string, key: string): Promise<Flag | undefined>;
  /** Every stored version of a flag, newest first; kept after the flag is deleted. */
  flagHistory(environment: string, key: string): Promise<Flag[]>;
  /**
   * Writes `next` (or deletes, when `next` is null) if the flag's current version is `expectedVersion`
   * (null: the flag must not exist). `next.version` is set by the caller.
   */
  compareAndSetFlag(
    environment: string,
    key: string,
    expectedVersion: number | null,
    next: Flag | null,
    audit: AuditInput,
  ): Promise<WriteResult<Flag>>;

  listSegments(environment: string): Promise<Segment[]>;
  getSegment(environment: string, key: string): Promise<Segment | undefined>;
  compareAndSetSegment(
    environment: string,
    key: string,
    expectedVersion: number | null,
    next: Segment | null,
    audit: AuditInput,
  ): Promise<WriteResult<Segment>>;

  /** All flags and segments of an environment with its current revision, read consistently. */
  getRuleset(environment: string): Promise<{ revision: number; flags: Flag[]; segments: Segment[] }>;
  /**
   * The changes after `revision`, oldest first, or null when the store no longer holds them all
   * (it keeps at least the last 1,000 per environment). A caller then sends the whole ruleset.
   */
  changesSince(environment: string, revision: number): Promise<StoreChange[] | null>;
  /** Called for every change made through any instance, in revision order per environment. */
  subscribe(listener: (change: StoreChange) => void): () => void;

  /** Newest first, filtered, at most `limit` (default 100). */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;

  createApiKey(key: ApiKeyRecord, audit: AuditInput): Promise<void>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  findApiKeyByHash(secretHash: string): Promise<ApiKeyRecord | undefined>;
  /** Returns false when no such key exists. */
  revokeApiKey(id: string, audit: AuditInput): Promise<boolean>;
  /**
   * Called with the id of every key revoked through any instance (over the change feed's pub/sub with
   * Redis), so every instance can end the key's open streams at once.
   */
  onApiKeyRevoked(listener: (id: string) => void): () => void;

  /**
   * Adds SDK-reported metrics into the per-minute aggregate of each flag variant (`minute` is epoch
   * minutes). Counters and histograms add up; nothing is overwritten.
   */
  addMetrics(environment: string, minute: number, metrics: FlagVariantMetrics[]): Promise<void>;
  /** Per-minute aggregates of one flag, `fromMinute` to `toMinute` inclusive, oldest first. */
  readMetrics(
    environment: string,
    flag: string,
    fromMinute: number,
    toMinute: number,
  ): Promise<MinuteMetrics[]>;

  /** The guarded rollout plan of a flag, if it has one. */
  getPlan(environment: string, flag: string): Promise<Plan | undefined>;
  /** Every plan of every environment (the runner filters for running ones). */
  listPlans(): Promise<Plan[]>;
  /**
   * Writes `next` (null deletes) if the stored plan's `revision` is `expectedRevision` (null: no plan
   * stored), with an audit entry on the flag (`before`/`after`: the plans) when `audit` is given.
   * Returns false, changing nothing, otherwise. Atomic across instances.
   */
  compareAndSetPlan(
    environment: string,
    flag: string,
    expectedRevision: number | null,
    next: Plan | null,
    audit?: AuditInput,
  ): Promise<boolean>;
  /** Scheduled changes of every environment, in creation order (the runner filters for pending ones). */
  listSchedules(): Promise<Schedule[]>;
  /**
   * Writes `next` (null deletes) if the stored schedule's `revision` is `expectedRevision` (null: no
   * schedule with that id). Returns false, changing nothing, otherwise. Atomic across instances.
   */
  compareAndSetSchedule(
    environment: string,
    id: string,
    expectedRevision: number | null,
    next: Schedule | null,
  ): Promise<boolean>;

  /**
   * Takes the named lease for `holder`, or renews it if `holder` has it, until `ttlMs` from now.
   * Returns true while `holder` holds it; another holder gets it only after it expires.
   */
  tryLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` has it, so another holder takes it at once (an instance shutting down). */
  releaseLease(name: string, holder: string): Promise<void>;

  /**
   * Alert triggers (services/triggers.ts). Creating and deleting one writes an audit entry on its
   * flag in the same atomic step; `findTriggerByHash` is how a trigger URL is resolved.
   */
  createTrigger(trigger: TriggerRecord, audit: AuditInput): Promise<void>;
  /** The environment's triggers, oldest first. */
  listTriggers(environment: string): Promise<TriggerRecord[]>;
  findTriggerByHash(tokenHash: string): Promise<TriggerRecord | undefined>;
  /** Returns false when the environment has no such trigger. */
  deleteTrigger(environment: string, id: string, audit: AuditInput): Promise<boolean>;
  /** An audit entry on a flag for an act that wrote no flag version (a trigger pausing a plan). */
  appendFlagAudit(environment: string, flag: string, audit: AuditInput): Promise<void>;

  /**
   * Outbound webhooks (services/webhooks). A webhook keeps its signing secret: HMAC needs the secret
   * itself, so unlike API keys it cannot be stored as a hash. Deleting one deletes its deliveries.
   */
  createWebhook(webhook: WebhookRecord): Promise<void>;
  /** Every webhook, oldest first. */
  listWebhooks(): Promise<WebhookRecord[]>;
  /** Returns false when there is no such webhook. */
  deleteWebhook(id: string): Promise<boolean>;
  /** Stores new deliveries (revision 1), due at their `nextAttemptAt`, all or none. */
  addWebhookDeliveries(deliveries: WebhookDelivery[]): Promise<void>;
  /**
   * A webhook's deliveries, newest first, at most `limit`. Pending ones are always kept; of the
   * finished ones the store keeps the last WEBHOOK_DELIVERIES_KEPT per webhook.
   */
  listWebhookDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  /** Pending deliveries of every webhook whose `nextAttemptAt` is at or before `now` (epoch ms), oldest due first. */
  dueWebhookDeliveries(now: number, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Writes `next` if the stored delivery's revision is `next.revision - 1`; returns false, changing
   * nothing, otherwise (another instance recorded an attempt first, or the webhook was deleted).
   */
  updateWebhookDelivery(next: WebhookDelivery): Promise<boolean>;

  /**
   * The store's epoch: written with the data, it names one continuous history of the data. A store
   * that comes back empty (Redis restarted without persistence, FLUSHALL, a failover to an empty
   * replica) has none, and a restored or accepted store has a new one (docs/operations.md).
   * Null when no epoch is stored.
   */
  readEpoch(): Promise<StoreEpoch | null>;
  /**
   * Stores `epoch` unless one is stored already (compare-and-set): returns the stored epoch, which
   * is `epoch` only for the first writer. Instances that start together on an empty store agree.
   */
  claimEpoch(epoch: StoreEpoch): Promise<StoreEpoch>;
  /** Replaces the stored epoch (after a restore, or when an operator accepts the store as it is). */
  replaceEpoch(epoch: StoreEpoch): Promise<void>;
  /**
   * After this instance adopted a new epoch: changes are announced from the store's current
   * revisions on, even where they are below revisions announced before. Absent when revisions
   * cannot go back under a running store (the file store).
   */
  rebaseChanges?(): Promise<void>;

  /** Throws with a readable message when the store cannot serve reads and writes right now. */
  checkReady(): Promise<void>;
  close(): Promise<void>;

  /**
   * Connection changes of a store that talks to a server (Redis). Absent on the file store, which has
   * no connection to lose. Returns a function that stops listening.
   */
  onConnectionChange?(listener: (event: StoreConnectionEvent) => void): () => void;
}

/**
 * - `lost`: a connection dropped; reads and writes may fail and subscribers may miss changes until
 *   `reconnected`. Report not-ready meanwhile.
 * - `reconnected`: every connection is back and the changes missed meanwhile have been delivered to
 *   `subscribe` listeners (in order), except for environments reported by `resync-needed`.
 * - `resync-needed`: changes of `environment` were missed and are no longer held (more than the
 *   change log keeps, or the data went back in time): reload its whole ruleset.
 */
export type StoreConnectionEvent =
  | { type: 'lost'; error: string }
  | { type: 'reconnected' }
  | { type: 'resync-needed'; environment: string };

/** One continuous history of a store's data; revisions never go back within an epoch. */
export interface StoreEpoch {
  /** Random and unique, e.g. a UUID. */
  id: string;
  /** Why this epoch began: a first start on an empty store, a restore, or an accepted store. */
  origin: 'start' | 'restore' | 'accept';
  /** When it began (ISO 8601). */
  at: string;
}

export type WriteResult<T> =
  /** `previous`: the document the write replaced or deleted (null: there was none). */
  { ok: true; revision: number; value: T | null; previous: T | null } | { ok: false; current: T | undefined };

/** One change to an environment, as announced to subscribers and replayed to reconnecting streams. */
export type StoreChange =
  | { environment: string; revision: number; kind: 'flag'; key: string; data: Flag | null }
  | { environment: string; revision: number; kind: 'segment'; key: string; data: Segment | null };

/** Who made a change and, when they said, why (the write's `?reason=`, kept as the entry's `reason`). */
export interface Actor extends AuditActor {
  reason?: string;
}

/** What the caller tells the store about a change, for the audit log. */
export interface AuditInput {
  actor: Actor;
  /** e.g. "flag.update", "flag.rollout", "flag.disable", "key.create". */
  action: string;
  /** Extra facts worth keeping, such as a guarded rollout's evidence. */
  details?: Record<string, unknown>;
}

export const AUDIT_RESOURCE_KINDS = ['flag', 'segment', 'environment', 'apiKey'] as const;

/** An audit entry as the admin API lists it; the store writes only the resource kinds it knows. */
export interface AuditEntry extends AuditEntryBody {
  resource: { kind: (typeof AUDIT_RESOURCE_KINDS)[number]; key: string };
}

/** A trigger as stored: the public fields plus the SHA-256 of its token (hex), never the token. */
export interface TriggerRecord extends Trigger {
  tokenHash: string;
}

/** An API key as stored: the public fields plus the SHA-256 of the secret (hex), never the secret. */
export interface ApiKeyRecord extends ApiKey {
  secretHash: string;
}

/** A webhook as stored: the public fields plus its signing secret, which the admin API never shows again. */
export interface WebhookRecord extends Webhook {
  secret: string;
}

/** The flags and segments (versioned documents) part of the store, which each backend implements in one file. */
export type DocumentStore = Pick<
  FlagStore,
  | 'listFlags'
  | 'getFlag'
  | 'flagHistory'
  | 'compareAndSetFlag'
  | 'listSegments'
  | 'getSegment'
  | 'compareAndSetSegment'
  | 'getRuleset'
>;

/** The webhook part of the store, which each backend implements in one file. */
export type WebhookStore = Pick<
  FlagStore,
  | 'createWebhook'
  | 'listWebhooks'
  | 'deleteWebhook'
  | 'addWebhookDeliveries'
  | 'listWebhookDeliveries'
  | 'dueWebhookDeliveries'
  | 'updateWebhookDelivery'
>;
