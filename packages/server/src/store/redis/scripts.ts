import type { Cluster, Redis, Result } from 'ioredis';

/**
 * The Lua scripts that make multi-key writes atomic. Each touches only keys named in KEYS, and the
 * keys of one call share a hash tag, so the scripts run unchanged on Redis Cluster. ioredis's
 * `defineCommand` sends them by SHA and reloads them after a server restart.
 */

/**
 * Compare-and-set of one flag or segment: version check, document, history, revision, change log,
 * audit entry and the pub/sub announcement, all in one atomic step. The audit entry and the change are
 * passed as JSON objects without their closing brace; the script appends the fields only it knows.
 *
 * KEYS: meta, revision, documents, history, changes, audit
 * ARGV: document key, expected version ('' = must not exist), next JSON ('' = delete), audit head,
 *       change head, history cap (0 = keep no history), changes cap, audit cap, channel
 * Returns {-1} (no such environment), {0, current JSON or nil} (conflict) or {1, revision, replaced
 * JSON or nil}: the caller learns what it replaced without reading it first.
 */
const WRITE_DOCUMENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local current = redis.call('HGET', KEYS[3], ARGV[1])
if ARGV[2] == '' then
  if current then return {0, current} end
elseif not current or cjson.decode(current).version ~= tonumber(ARGV[2]) then
  return {0, current}
end
local data = ARGV[3]
if data == '' then
  if not current then return {0, false} end
  redis.call('HDEL', KEYS[3], ARGV[1])
  data = 'null'
else
  redis.call('HSET', KEYS[3], ARGV[1], data)
  local historyCap = tonumber(ARGV[6])
  if historyCap > 0 then
    redis.call('LPUSH', KEYS[4], data)
    redis.call('LTRIM', KEYS[4], 0, historyCap - 1)
  end
end
local revision = redis.call('INCR', KEYS[2])
local change = ARGV[5] .. ',"revision":' .. revision .. ',"data":' .. data .. '}'
redis.call('ZADD', KEYS[5], revision, change)
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -tonumber(ARGV[7]) - 1)
redis.call('LPUSH', KEYS[6], ARGV[4] .. ',"before":' .. (current or 'null') .. ',"after":' .. data .. '}')
redis.call('LTRIM', KEYS[6], 0, tonumber(ARGV[8]) - 1)
redis.call('PUBLISH', ARGV[9], change)
return {1, revision, current or false}
`;

/**
 * Creates an environment's own keys. KEYS: meta, audit. ARGV: Environment JSON, audit JSON, audit cap.
 * Returns 1 when created, 0 when it existed.
 */
const CREATE_ENVIRONMENT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
return 1
`;

/**
 * Lists an environment globally, once, keeping creation order. Separate from CREATE_ENVIRONMENT
 * because the global keys live in another slot; running it again repairs a half-finished creation.
 * KEYS: environments, environment order. ARGV: key, Environment JSON.
 */
const REGISTER_ENVIRONMENT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
return 1
`;

/**
 * Replaces an API key record if it is still `expected`, with its audit entry.
 * KEYS: api keys, audit. ARGV: id, expected JSON, next JSON, audit JSON, audit cap.
 * Returns 1 when replaced, 0 when the record changed meanwhile (or is gone).
 */
const REPLACE_API_KEY = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('LPUSH', KEYS[2], ARGV[4])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
return 1
`;

type Arg = string | number;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    switchyardWriteDocument(...keysAndArgs: Arg[]): Result<unknown, Context>;
    switchyardCreateEnvironment(...keysAndArgs: Arg[]): Result<unknown, Context>;
    switchyardRegisterEnvironment(...keysAndArgs: Arg[]): Result<unknown, Context>;
    switchyardReplaceApiKey(...keysAndArgs: Arg[]): Result<unknown, Context>;
  }
}

export function defineScripts(client: Redis | Cluster): void {
  client.defineCommand('switchyardWriteDocument', { numberOfKeys: 6, lua: WRITE_DOCUMENT });
  client.defineCommand('switchyardCreateEnvironment', { numberOfKeys: 2, lua: CREATE_ENVIRONMENT });
  client.defineCommand('switchyardRegisterEnvironment', { numberOfKeys: 2, lua: REGISTER_ENVIRONMENT });
  client.defineCommand('switchyardReplaceApiKey', { numberOfKeys: 2, lua: REPLACE_API_KEY });
}
