import type { Cluster, Redis } from 'ioredis';
import { apiKeyRevocationSchema, parseJson, storeChangeSchema } from '../records.js';
import type { StoreChange } from '../types.js';

/**
 * Delivers the changes published on the changes channel to in-process listeners, in revision order
 * per environment and each exactly once. Pub/sub alone gives neither after a reconnect (messages sent
 * while disconnected are lost), so the feed remembers the last revision it delivered per environment
 * and fills any gap from the stored change log before delivering what comes after it.
 */
export interface ChangeFeed {
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Hears the ids of revoked API keys, published on the same channel (no order, no replay). */
  onApiKeyRevoked(listener: (id: string) => void): () => void;
  /** Subscribes and records where every environment stands; call once before relying on the feed. */
  start(): Promise<void>;
  /** Re-subscribes after the subscriber reconnected and delivers whatever was missed meanwhile. */
  catchUp(): Promise<void>;
  /**
   * Starts again from where every environment stands now, replaying nothing: the store has a new
   * epoch, whose revisions may be below the ones delivered before.
   */
  rebase(): Promise<void>;
}

export interface ChangeFeedOptions {
  subscriber: Redis | Cluster;
  channel: string;
  /** The current revision of every environment. */
  revisions(): Promise<Map<string, number>>;
  /** The stored changes after `revision`, or null when they are no longer all held. */
  changesSince(environment: string, revision: number): Promise<StoreChange[] | null>;
  /** Changes of `environment` were missed and cannot be replayed: its subscribers must reload it. */
  onResyncNeeded(environment: string): void;
}

export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { subscriber, channel } = options;
  const listeners = new Set<(change: StoreChange) => void>();
  const revocationListeners = new Set<(id: string) => void>();
  const delivered = new Map<string, number>();
  // One chain for messages and catch-ups alike, so deliveries never interleave or reorder.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };

  const deliver = (change: StoreChange) => {
    delivered.set(change.environment, change.revision);
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // One failing listener must not keep the change from the others.
      }
    }
  };

  /**
   * Delivers the changes of `environment` after the last delivered one, through `upTo` (a change just
   * received) or `revision` (where the environment stands now).
   */
  const fillGap = async (environment: string, upTo: StoreChange | undefined, revision: number) => {
    let missed: StoreChange[] | null;
    try {
      missed = await options.changesSince(environment, delivered.get(environment) ?? 0);
    } catch {
      missed = null;
    }
    if (missed === null) {
      // Listeners reload the whole environment; from here on the feed continues after `revision`.
      options.onResyncNeeded(environment);
      delivered.set(environment, revision);
      if (upTo !== undefined) deliver(upTo);
      return;
    }
    for (const change of missed) if (change.revision > (delivered.get(environment) ?? 0)) deliver(change);
    if (upTo !== undefined && upTo.revision > (delivered.get(environment) ?? 0)) deliver(upTo);
  };

  const handle = async (change: StoreChange) => {
    const last = delivered.get(change.environment) ?? 0;
    if (change.revision <= last) return;
    if (change.revision === last + 1) deliver(change);
    else await fillGap(change.environment, change, change.revision - 1);
  };

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    if (message.startsWith('{"revokedApiKey"')) {
      const revoked = apiKeyRevocationSchema.safeParse(JSON.parse(message));
      if (revoked.success) for (const listener of revocationListeners) listener(revoked.data.revokedApiKey);
      return;
    }
    let change: StoreChange;
    try {
      change = parseJson(storeChangeSchema, message, 'a published change');
    } catch {
      return; // not ours to fail on: a foreign publisher on our channel
    }
    void enqueue(() => handle(change));
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onApiKeyRevoked(listener) {
      revocationListeners.add(listener);
      return () => {
        revocationListeners.delete(listener);
      };
    },
    start: () =>
      enqueue(async () => {
        await subscriber.subscribe(channel);
        // Read after subscribing: a change made in between is both in the baseline and published,
        // and the published copy is then skipped as already seen.
        for (const [environment, revision] of await options.revisions()) delivered.set(environment, revision);
      }),
    rebase: () =>
      enqueue(async () => {
        delivered.clear();
        for (const [environment, revision] of await options.revisions()) delivered.set(environment, revision);
      }),
    catchUp: () =>
      enqueue(async () => {
        await subscriber.subscribe(channel);
        for (const [environment, revision] of await options.revisions()) {
          const last = delivered.get(environment) ?? 0;
          if (revision > last) await fillGap(environment, undefined, revision);
          else if (revision < last) {
            // The data went back in time (a restored or emptied Redis): nothing to replay, reload.
            delivered.set(environment, revision);
            options.onResyncNeeded(environment);
          }
        }
      }),
  };
}
