import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Records kept as fields of a hash whose JSON carries a `revision` (guarded rollout plans, scheduled
 * changes). Compare-and-set is one Lua script, so two instances never both win.
 */

/**
 * KEYS: hash[, audit list]. ARGV: field, expected revision ('' = none stored), next JSON ('' =
 * delete)[, audit entry without its closing brace (the script adds "before" and "after"), audit
 * cap]. Returns 1 or 0.
 */
const SET_REVISIONED = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif not current or cjson.decode(current).revision ~= tonumber(ARGV[2]) then
  return 0
end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
if ARGV[4] then
  local after = ARGV[3]
  if after == '' then after = 'null' end
  redis.call('LPUSH', KEYS[2], ARGV[4] .. ',"before":' .. (current or 'null') .. ',"after":' .. after .. '}')
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
end
return 1
`;

export const scriptReply = z.union([z.literal(0), z.literal(1)]);

/** An audit entry written with the record, in the same script (same hash tag as the hash). */
export interface RevisionedAudit {
  /** The audit list's key. */
  list: string;
  /** The entry's JSON without its closing brace: the script adds the record before and after. */
  head: string;
  /** How many entries the list keeps. */
  kept: number;
}

/**
 * Writes `json` (null deletes) into `field` if its stored revision is `expectedRevision` (null:
 * absent), and with it `audit` when given.
 */
export async function compareAndSetRevisioned(
  client: Redis | Cluster,
  hash: string,
  field: string,
  expectedRevision: number | null,
  json: string | null,
  audit?: RevisionedAudit,
): Promise<boolean> {
  const args = [field, expectedRevision === null ? '' : String(expectedRevision), json ?? ''];
  const result =
    audit === undefined
      ? await client.eval(SET_REVISIONED, 1, hash, ...args)
      : await client.eval(SET_REVISIONED, 2, hash, audit.list, ...args, audit.head, audit.kept);
  return scriptReply.parse(result) === 1;
}
