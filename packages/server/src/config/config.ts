import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const positiveInt = z.coerce.number().int().positive();

/** Every setting the server reads from the environment, validated once at boot. */
export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(4242),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    REDIS_URL: z
      .string()
      .regex(
        /^(rediss?|redis\+sentinel|redis\+cluster):\/\//,
        'must start with redis://, rediss://, redis+sentinel:// or redis+cluster://',
      )
      .optional(),
    REDIS_KEY_PREFIX: z.string().min(1).default('switchyard:'),
    SWITCHYARD_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /**
     * Request logs of the high-volume SDK routes (evaluate, events, ruleset). At their request rates an
     * info line per request costs more than the request itself; errors are logged either way.
     */
    SDK_LOG_LEVEL: z.enum(LOG_LEVELS).default('warn'),
    /** Browser origins allowed to call the client-side SDK endpoints ("*" for any). */
    CORS_ORIGINS: commaList.default([]),
    /** Seconds between SSE heartbeat comments. */
    HEARTBEAT_SECONDS: z.coerce.number().positive().max(300).default(15),
    /** Directory of the built admin console, served at /admin. */
    CONSOLE_DIR: z.string().min(1).optional(),
    /** The window of every rate limit below, in seconds. */
    RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(3600).default(10),
    /** Requests per window per server key; per client key and address (client keys are public). */
    RATE_LIMIT_SDK: positiveInt.default(5_000),
    /** Requests per window per admin key. */
    RATE_LIMIT_ADMIN: positiveInt.default(2_000),
    /** Failed authentications per window per address; then every attempt from it gets 429. */
    RATE_LIMIT_FAILED_AUTH: positiveInt.default(100),
    /** Open streams per server or admin key, and per client key and address, on one instance. */
    MAX_STREAMS_PER_KEY: positiveInt.default(1_000),
    /** Open streams on one instance, all keys together. */
    MAX_STREAMS: positiveInt.default(10_000),
    /** Seconds a client has to send the request headers. */
    HEADERS_TIMEOUT_SECONDS: positiveInt.max(600).default(10),
    /** Seconds a client has to send the whole request, body included (streams' responses are not limited). */
    REQUEST_TIMEOUT_SECONDS: positiveInt.max(3600).default(30),
    /** A temporary flag serving one variant to everyone this many days is reported `launched`. */
    STALE_LAUNCHED_DAYS: z.coerce.number().positive().max(365).default(7),
    /**
     * A temporary flag no SDK evaluated for this many days is reported `inactive`. At most the 7 days
     * for which per-minute metrics are kept.
     */
    STALE_INACTIVE_DAYS: z.coerce.number().positive().max(7).default(7),
    // Zero-downtime operation (docs/operations.md).
    /** After SIGTERM: seconds of serving while /health/ready answers 503, so load balancers take the instance out. */
    DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
    /** After the drain: seconds that closing (streams, requests in flight, store) may take before the process exits anyway. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(20),
    /** Redis replicas that must confirm a write (WAIT) before it is acknowledged; 503 when they cannot. */
    REDIS_MIN_REPLICAS: z.coerce.number().int().min(0).max(16).default(0),
    /** How long a write waits for REDIS_MIN_REPLICAS confirmations. */
    REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(1000),
    /** Prometheus' base URL; guarded rollouts may then hold PromQL checks (`guards.prometheus`). */
    PROMETHEUS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /**
     * Outbound webhooks may not target loopback, private, link-local or unique-local addresses: checked
     * when a webhook is created and on the resolved address at every attempt.
     */
    WEBHOOK_DENY_PRIVATE: z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /** Seconds one webhook attempt may take (connect, send, first part of the answer). */
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(10),
    // Flags as code (the server README, "Flags as code on the server").
    /** A flags file (YAML or JSON) that is the desired state of FLAGS_FILE_ENVIRONMENT, kept in force. */
    FLAGS_FILE: z.string().min(1).optional(),
    /** The environment FLAGS_FILE describes; required with it. */
    FLAGS_FILE_ENVIRONMENT: z.string().min(1).optional(),
  })
  .refine((e) => e.FLAGS_FILE === undefined || e.FLAGS_FILE_ENVIRONMENT !== undefined, {
    path: ['FLAGS_FILE_ENVIRONMENT'],
    message: 'is required with FLAGS_FILE (the environment the file describes)',
  })
  .refine((e) => e.HEADERS_TIMEOUT_SECONDS <= e.REQUEST_TIMEOUT_SECONDS, {
    path: ['HEADERS_TIMEOUT_SECONDS'],
    message: 'must not be more than REQUEST_TIMEOUT_SECONDS',
  });

/** packages/console/dist, from packages/server/src/config or packages/server/dist/config alike. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));

/** Rate limits, stream caps and timeouts; docs/security.md explains each. */
export interface ServerLimits {
  readonly windowMs: number;
  readonly sdkPerKey: number;
  readonly adminPerKey: number;
  readonly failedAuthPerAddress: number;
  readonly streamsPerKey: number;
  readonly streams: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly adminToken: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly sdkLogLevel: (typeof LOG_LEVELS)[number];
  readonly corsOrigins: readonly string[];
  readonly heartbeatMs: number;
  readonly consoleDir: string;
  readonly staleLaunchedDays: number;
  readonly staleInactiveDays: number;
  readonly drainMs: number;
  readonly shutdownTimeoutMs: number;
  readonly redisMinReplicas: number;
  readonly redisWaitTimeoutMs: number;
  readonly limits: ServerLimits;
  readonly prometheusUrl: string | undefined;
  readonly webhooks: { readonly denyPrivate: boolean; readonly timeoutMs: number };
  /** The flags file kept in force, and its environment; undefined without FLAGS_FILE. */
  readonly flagsFile: FlagsFileSetting | undefined;
}

export interface FlagsFileSetting {
  readonly path: string;
  readonly environment: string;
}

/** Thrown for a bad setting; the message names every variable that is wrong. */
export class ConfigError extends Error {}

/** Parses and freezes the configuration from environment variables. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    adminToken: e.SWITCHYARD_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    sdkLogLevel: e.SDK_LOG_LEVEL,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    heartbeatMs: e.HEARTBEAT_SECONDS * 1000,
    consoleDir: resolve(e.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR),
    staleLaunchedDays: e.STALE_LAUNCHED_DAYS,
    staleInactiveDays: e.STALE_INACTIVE_DAYS,
    drainMs: e.DRAIN_SECONDS * 1000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    redisMinReplicas: e.REDIS_MIN_REPLICAS,
    redisWaitTimeoutMs: e.REDIS_WAIT_TIMEOUT_MS,
    limits: Object.freeze({
      windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
      sdkPerKey: e.RATE_LIMIT_SDK,
      adminPerKey: e.RATE_LIMIT_ADMIN,
      failedAuthPerAddress: e.RATE_LIMIT_FAILED_AUTH,
      streamsPerKey: e.MAX_STREAMS_PER_KEY,
      streams: e.MAX_STREAMS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    }),
    prometheusUrl: e.PROMETHEUS_URL,
    webhooks: Object.freeze({
      denyPrivate: e.WEBHOOK_DENY_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
    }),
    flagsFile:
      e.FLAGS_FILE === undefined
        ? undefined
        : Object.freeze({ path: e.FLAGS_FILE, environment: e.FLAGS_FILE_ENVIRONMENT as string }),
  });
}
