import type { RulesetResponse } from '@switchyard/shared';
import { type CacheFile, createCacheFile } from '../cache/cache-file.js';
import { Backoff } from '../delivery/backoff.js';
import type { Delivery, DeliverySink } from '../delivery/delivery.js';
import { createHttpTransport } from '../delivery/http-transport.js';
import { startPolling } from '../delivery/polling.js';
import { startStreaming } from '../delivery/streaming.js';
import type { SwitchyardError } from '../errors.js';
import { SDK_VERSION } from '../version.js';
import type { SwitchyardClient } from './client.js';
import { clientFacade, createClientCore } from './client-facade.js';
import type { FlagTypes } from './flag-types.js';
import { holdOpen } from './hold-open.js';
import { type ClientOptions, resolveOptions } from './options.js';
import { createReadyGate } from './ready-gate.js';
import { StatusTracker } from './status-tracker.js';

/**
 * Creates a client that evaluates flags locally over a ruleset kept current by the flag server's
 * stream (or by polling). Returns at once; `await client.ready()` to wait for the first ruleset.
 *
 * Throws a TypeError for options that cannot work (no `sdkKey`, a bad `url`, a malformed
 * `bootstrap`); nothing else it does ever throws into the application.
 */
export function createClient<F = FlagTypes>(options: ClientOptions): SwitchyardClient<F> {
  const opts = resolveOptions(options);
  const { logger } = opts;
  const transport = createHttpTransport(opts.url, opts.sdkKey, `switchyard-sdk-node/${SDK_VERSION}`);
  const core = createClientCore(
    logger,
    opts.sendEvents
      ? {
          transport,
          logger,
          flushIntervalMs: opts.flushIntervalMs,
          timeoutMs: opts.timeoutMs,
          onError: (e) => reportError(e, 'error', true),
        }
      : null,
  );
  const { store, emitter } = core;
  const status = new StatusTracker(store, opts.stream ? 'stream' : 'poll', (s) => emitter.emit('status', s));
  if (opts.bootstrap !== null) store.replace(opts.bootstrap, 'bootstrap');

  const reportError = (error: SwitchyardError, log: 'warn' | 'error' | 'debug', emit: boolean): void => {
    status.lastError = error;
    logger[log](error.message);
    if (emit) emitter.emit('error', error);
  };

  let closed = false;
  const gate = createReadyGate(opts.timeoutMs, () => useCacheIfNoServerData());
  const settleReady = () => gate.settle();

  const cache: CacheFile | null =
    opts.cacheFile === null ? null : createCacheFile(opts.cacheFile, (e) => reportError(e, 'warn', false));
  const cached: Promise<RulesetResponse | null> = cache?.read() ?? Promise.resolve(null);
  let cacheApplied: Promise<void> | null = null;
  /**
   * On a cold start with the server unreachable, the cache file beats bootstrap and defaults.
   * Settles once the cache has been applied, or found missing or unusable.
   */
  function useCacheIfNoServerData(): Promise<void> {
    cacheApplied ??= cached.then((ruleset) => {
      if (ruleset === null || store.source === 'server' || closed) return;
      logger.warn(
        `serving the cached ruleset (revision ${ruleset.revision}) until the server can be reached`,
      );
      store.replace(ruleset, 'cache');
      status.changed();
    });
    return cacheApplied;
  }
  function writeCache(): void {
    if (cache !== null && store.source === 'server') cache.write(() => store.snapshot());
  }

  let inOutage = false;
  function markValid(): void {
    inOutage = false;
    status.updatedAt = new Date();
    if (status.state !== 'valid' && status.state !== 'unauthorized' && !closed) {
      if (status.state === 'interrupted') logger.info('connection to the flag server restored');
      status.state = 'valid';
    }
    status.changed();
    settleReady();
  }

  const sink: DeliverySink = {
    put(ruleset) {
      store.replace(ruleset, 'server');
      writeCache();
      markValid();
    },
    patch(patch, revision) {
      store.patch(patch, revision);
      writeCache();
      if (store.source === 'server') markValid();
    },
    remove(change, revision) {
      store.remove(change, revision);
      writeCache();
      if (store.source === 'server') markValid();
    },
    confirmed() {
      if (store.source === 'server') markValid();
    },
    interrupted(error) {
      // One warning and one 'error' event per outage; retries in between are logged at debug level.
      const newOutage = !inOutage;
      inOutage = true;
      const malformed = error.code === 'MALFORMED_DATA';
      reportError(error, malformed ? 'error' : newOutage ? 'warn' : 'debug', malformed || newOutage);
      if (status.state === 'valid') status.state = 'interrupted';
      status.changed();
      if (store.source !== 'server') void useCacheIfNoServerData();
    },
    unauthorized(error) {
      status.state = 'unauthorized';
      reportError(error, 'error', true);
      status.changed();
      if (store.source === 'server') settleReady();
      else void useCacheIfNoServerData().then(settleReady);
    },
    switchedToPolling(reason) {
      logger.warn(`${reason}; polling every ${opts.pollIntervalMs} ms instead`);
      status.mode = 'poll';
      status.changed();
    },
  };

  const poll = (): Delivery =>
    startPolling({ transport, sink, intervalMs: opts.pollIntervalMs, timeoutMs: opts.timeoutMs });
  let delivery: Delivery = opts.stream
    ? startStreaming({
        transport,
        sink,
        logger,
        timeoutMs: opts.timeoutMs,
        heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
        backoff: new Backoff(opts.reconnectDelayMs, opts.maxReconnectDelayMs),
        onRefused(httpStatus) {
          if (closed) return;
          sink.switchedToPolling(`the server does not stream (HTTP ${httpStatus})`);
          delivery = poll();
        },
      })
    : poll();

  let closing: Promise<void> | null = null;
  async function shutDown(): Promise<void> {
    closed = true;
    delivery.stop();
    status.state = 'closed';
    status.changed();
    settleReady();
    await core.metrics.close();
    await cache?.settled();
    transport.close();
  }

  return clientFacade<F>(core, {
    ready: () => gate.wait().then(() => status.snapshot()),
    status: () => status.snapshot(),
    close() {
      closing ??= holdOpen(shutDown(), opts.timeoutMs * 2);
      return closing;
    },
  });
}
