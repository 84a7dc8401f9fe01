import { type Flag, type Ruleset, rulesetSchema, type Segment } from '@switchyard/shared';
import { consoleLogger, guardLogger, type Logger } from '../logger.js';

/** A ruleset to serve until the server's arrives: the body of `GET /sdk/v1/ruleset`, segments optional. */
export interface BootstrapRuleset {
  flags: Record<string, Flag>;
  segments?: Record<string, Segment>;
  revision?: number;
}

/** Options of {@link createClient}. Only `url` and `sdkKey` are required. */
export interface ClientOptions {
  /** Base URL of the flag server, e.g. `https://flags.internal:8080`. */
  url: string;
  /** A server key of one environment (`kind: 'server'`), sent as `Authorization: Bearer <sdkKey>`. */
  sdkKey: string;
  /** Keep a live stream (default). With `false`, or when the server refuses streaming, poll instead. */
  stream?: boolean;
  /** Polling interval when polling, in milliseconds. Default 30 000. */
  pollIntervalMs?: number;
  /** How long `ready()` waits at most, and the timeout of each request. Default 5 000 ms. */
  timeoutMs?: number;
  /**
   * A stream that delivers nothing, not even a heartbeat comment, for this long is reconnected.
   * Default 37 500 ms (2.5 times the server's 15 s heartbeat).
   */
  heartbeatTimeoutMs?: number;
  /** First reconnect delay; it doubles per failure, with jitter. Default 1 000 ms. */
  reconnectDelayMs?: number;
  /** Longest reconnect delay. Default 30 000 ms. */
  maxReconnectDelayMs?: number;
  /** How often evaluation metrics are sent. Default 10 000 ms. */
  flushIntervalMs?: number;
  /** Send evaluation metrics, recorded errors and latencies to the server. Default true. */
  sendEvents?: boolean;
  /** Flags to serve until the first ruleset arrives (e.g. a snapshot shipped with the service). */
  bootstrap?: BootstrapRuleset;
  /**
   * A file that keeps the last good ruleset (written atomically on every change) and is served on a
   * cold start while the server cannot be reached.
   */
  cacheFile?: string;
  /** Where log messages go. Default: warnings and errors to the console. */
  logger?: Logger;
}

export interface ResolvedOptions {
  url: string;
  sdkKey: string;
  stream: boolean;
  pollIntervalMs: number;
  timeoutMs: number;
  heartbeatTimeoutMs: number;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  flushIntervalMs: number;
  sendEvents: boolean;
  bootstrap: Ruleset | null;
  cacheFile: string | null;
  logger: Logger;
}

/**
 * Defaults and checks the options once, at creation. Options that cannot work (no key, a URL that
 * is not http(s), a malformed bootstrap) throw a TypeError then, rather than leaving a client that
 * silently serves defaults forever.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options?.sdkKey !== 'string' || options.sdkKey.trim() === '') {
    throw new TypeError('Switchyard: `sdkKey` is required (a server key of one environment)');
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(
      `Switchyard: \`url\` must be an absolute http(s) URL, not ${JSON.stringify(options.url)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Switchyard: \`url\` must use http or https, not ${url.protocol}`);
  }
  return {
    url: url.href,
    sdkKey: options.sdkKey,
    stream: options.stream ?? true,
    pollIntervalMs: positive(options, 'pollIntervalMs', 30_000),
    timeoutMs: positive(options, 'timeoutMs', 5_000),
    heartbeatTimeoutMs: positive(options, 'heartbeatTimeoutMs', 37_500),
    reconnectDelayMs: positive(options, 'reconnectDelayMs', 1_000),
    maxReconnectDelayMs: positive(options, 'maxReconnectDelayMs', 30_000),
    flushIntervalMs: positive(options, 'flushIntervalMs', 10_000),
    sendEvents: options.sendEvents ?? true,
    bootstrap: options.bootstrap === undefined ? null : parseBootstrap(options.bootstrap),
    cacheFile: options.cacheFile ?? null,
    logger: guardLogger(options.logger ?? consoleLogger('warn')),
  };
}

type NumericOption = {
  [K in keyof ClientOptions]-?: NonNullable<ClientOptions[K]> extends number ? K : never;
}[keyof ClientOptions];

function positive(options: ClientOptions, name: NumericOption, fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Switchyard: \`${name}\` must be a positive number of milliseconds`);
  }
  return value;
}

export function parseBootstrap(bootstrap: BootstrapRuleset): Ruleset {
  const parsed = rulesetSchema.safeParse({ segments: {}, ...bootstrap });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `Switchyard: \`bootstrap\` is not a valid ruleset at ${issue?.path.map(String).join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
