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

/** Every setting the server reads from the environment, validated once at boot. */
export const envSchema = z.object({
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
  /** Prometheus' base URL; guarded rollouts may then hold PromQL checks (`guards.prometheus`). */
  PROMETHEUS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

/** packages/console/dist, from packages/server/src/config or packages/server/dist/config alike. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));

export type ServerEnv = z.input<typeof envSchema>;

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
  readonly prometheusUrl: string | undefined;
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
    prometheusUrl: e.PROMETHEUS_URL,
  });
}
