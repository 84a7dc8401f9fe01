import {
  type Context,
  type EvaluateResponse,
  type ReconnectOptions,
  readAsDefault,
} from '@switchyard/shared';
import { contextIdentity } from './context-encoding.js';
import { type EventSourceConstructor, openEvaluationStream } from './evaluation-stream.js';
import type { FlagDetail } from './flag-detail.js';
import { createFlagValueStore, type FlagValueStore } from './flag-value-store.js';
import { createMetricsReporter } from './metrics-reporter.js';
import { parseEvaluateResponse, parseJsonWith, parseStreamDelete } from './payload-guards.js';
import { createPositionGate } from './ruleset-position.js';
import {
  evaluationStreamUrl,
  type FetchLike,
  fetchEvaluation,
  type ServerAddress,
  sendEvents,
  unreachable,
} from './sdk-api.js';
import { answersForUser } from './user-check.js';

/** Values evaluated on the server to render with before the browser fetches its own: what `getFlagValues()` returns. */
export type FlagBootstrap = EvaluateResponse;

export interface BrowserClientOptions {
  /** Base URL of the Switchyard server, e.g. `https://flags.example.com`. */
  url: string;
  /** A client key of the environment: it may only read evaluated values, so it is safe in a page. */
  clientKey: string;
  /** Who to evaluate for. Defaults to the anonymous context `{}`. */
  context?: Context;
  /** Values to start from (from `getFlagValues` during server rendering); the client is ready at once. */
  bootstrap?: FlagBootstrap;
  /** Keep a live stream for updates (default true); false evaluates once per context. */
  stream?: boolean;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Defaults to the global EventSource; without one the client evaluates once per context. */
  EventSource?: EventSourceConstructor;
  /** Backoff for reconnecting a dropped stream. */
  reconnect?: ReconnectOptions;
  /** How often evaluation counts are sent to the server, in milliseconds (default 10000). */
  flushIntervalMs?: number;
  /** Connect on creation (default true). `<FlagProvider>` passes false and starts it from an effect. */
  autoStart?: boolean;
}

/** A browser client for one user's server-evaluated flags. Reads never throw and never block. */
export interface BrowserClient {
  /** Per-key reads and subscriptions, for bindings such as the React hooks. */
  readonly store: FlagValueStore;
  /**
   * Whether a boolean flag is on. With `userId`, it answers only for the context's own user: for
   * anyone else it returns false (and warns once in development), since rules never reach the browser.
   */
  isEnabled(key: string, userId?: string): boolean;
  /** The flag's value, or `defaultValue` when there is none of that type yet. */
  variation<T>(key: string, defaultValue: T): T;
  /** The value with its variant and reason (`NOT_READY`, `FLAG_NOT_FOUND`, `TYPE_MISMATCH`, ...). */
  variationDetail<T>(key: string, defaultValue: T): FlagDetail<T>;
  getContext(): Context;
  /**
   * Evaluates for another context and restarts the stream. The previous values are served until the
   * new ones arrive; the promise resolves then, or when the evaluation failed (see the store's status).
   */
  setContext(context: Context): Promise<void>;
  /** Resolves true once values are in hand, false if `timeoutMs` (default 5000) passes first. */
  waitForReady(timeoutMs?: number): Promise<boolean>;
  /** Counts one evaluation of `key` that served `variant`. The variation methods and hooks call it. */
  recordEvaluation(key: string, variant: string | null): void;
  /** Counts a failure the application saw while `key` served its current variant (for guarded rollouts). */
  recordError(key: string): void;
  /** Records how long something gated by `key` took, in milliseconds, against its current variant. */
  recordLatency(key: string, ms: number): void;
  /** Sends the counts gathered so far to the server. */
  flush(): Promise<void>;
  /** Fetches values, opens the stream and starts sending counts. Idempotent. */
  start(): void;
  /** Closes the connection and flushes the counts; `start()` may resume. Values stay readable. */
  stop(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Creates a browser client. Unless `autoStart: false`, it connects at once. */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const server: ServerAddress = { url: options.url, key: options.clientKey, fetch: fetchImpl };
  const EventSourceImpl =
    options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  const streaming = options.stream !== false && EventSourceImpl !== undefined;

  const bootstrap = options.bootstrap === undefined ? undefined : parseEvaluateResponse(options.bootstrap);
  const store = createFlagValueStore(options.context ?? {}, bootstrap?.flags);
  if (options.bootstrap !== undefined && bootstrap === undefined) {
    store.fail(new Error('Switchyard: ignored a malformed bootstrap'));
  }
  const reporter = createMetricsReporter({
    send: (batch, keepalive) => sendEvents(server, batch, keepalive),
    flushIntervalMs: options.flushIntervalMs ?? 10_000,
    maxPairs: 1000,
  });

  // Payloads whose revision goes back within the store epoch are ignored (a store that forgot).
  const position = createPositionGate();
  let started = false;
  let closed = false;
  let connection = 0;
  let abort: AbortController | undefined;
  let stream: { close(): void } | undefined;

  const malformed = (what: string) => store.fail(new Error(`Switchyard: ignored a malformed ${what} event`));
  const onHidden = () => {
    if (document.visibilityState === 'hidden') void reporter.flush(true);
  };

  function disconnect(): void {
    connection++;
    abort?.abort();
    stream?.close();
    stream = undefined;
  }

  /** Evaluates for the store's context and (re)opens its stream. Resolves once the evaluation settled. */
  async function connect(): Promise<void> {
    disconnect();
    const current = connection;
    const context = store.getContext();
    const controller = new AbortController();
    abort = controller;
    let streamed = false;
    if (streaming) {
      stream = openEvaluationStream(
        evaluationStreamUrl(server, context),
        EventSourceImpl,
        {
          put(data) {
            const payload = parseJsonWith(data, parseEvaluateResponse);
            if (payload === undefined) {
              malformed('put');
              return false;
            }
            streamed = true;
            if (position.admit(payload)) store.replace(payload.flags);
            return true;
          },
          patch(data) {
            const payload = parseJsonWith(data, parseEvaluateResponse);
            if (payload === undefined) malformed('patch');
            else if (position.admit(payload)) store.merge(payload.flags);
          },
          delete(data) {
            const payload = parseJsonWith(data, parseStreamDelete);
            if (payload === undefined) malformed('delete');
            else store.remove(payload.keys);
          },
          interrupted: (opened) =>
            store.fail(
              opened ? new Error('Switchyard: flag stream interrupted; reconnecting') : unreachable(),
            ),
        },
        options.reconnect ?? {},
      );
    }
    const outcome = await fetchEvaluation(server, context, controller.signal);
    // Once the stream delivered a full set it is the fresher source, whatever this answer says.
    if (current !== connection || streamed) return;
    if (outcome.ok) {
      if (position.admit(outcome.response)) store.replace(outcome.response.flags);
      return;
    }
    store.fail(outcome.error);
    // A refused key will be refused again: stop reconnecting until the app fixes it.
    if (outcome.rejected) disconnect();
  }

  function variationDetail<T>(key: string, defaultValue: T): FlagDetail<T> {
    const detail = readAsDefault(store.get(key), defaultValue);
    reporter.recordEvaluation(key, detail.variant, store.getContext().userId);
    return detail;
  }

  const client: BrowserClient = {
    store,
    isEnabled(key, userId) {
      if (answersForUser(store, store.getContext().userId, key, userId))
        return variationDetail(key, false).value;
      reporter.recordEvaluation(key, null, userId);
      return false;
    },
    variation: (key, defaultValue) => variationDetail(key, defaultValue).value,
    variationDetail,
    getContext: () => store.getContext(),
    setContext(context) {
      if (contextIdentity(context) === contextIdentity(store.getContext())) return Promise.resolve();
      store.setContext(context);
      return started ? connect() : Promise.resolve();
    },
    waitForReady(timeoutMs = 5000) {
      return new Promise((resolve) => {
        if (store.getStatus().ready) return resolve(true);
        const done = (ready: boolean) => {
          clearTimeout(timer);
          unsubscribe();
          resolve(ready);
        };
        const unsubscribe = store.subscribeStatus(() => {
          if (store.getStatus().ready) done(true);
        });
        const timer = setTimeout(() => done(false), timeoutMs);
      });
    },
    recordEvaluation: (key, variant) => reporter.recordEvaluation(key, variant, store.getContext().userId),
    recordError: (key) => reporter.recordError(key, store.get(key).variant),
    recordLatency: (key, ms) => reporter.recordLatency(key, store.get(key).variant, ms),
    flush: () => reporter.flush(),
    start() {
      if (started || closed) return;
      started = true;
      reporter.start();
      if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onHidden);
      void connect();
    },
    stop() {
      if (started) {
        started = false;
        disconnect();
        reporter.stop();
        if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onHidden);
      }
      return reporter.flush();
    },
    close() {
      closed = true;
      return client.stop();
    },
  };
  if (options.autoStart !== false) client.start();
  return client;
}
