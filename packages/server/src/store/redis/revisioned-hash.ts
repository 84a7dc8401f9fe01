import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Records kept as fields of a hash whose JSON carries a `revision` (guarded rollout plans, scheduled
 * changes). Compare-and-set is one Lua script, so two instances never both win.
 */

/** KEYS: hash. ARGV: field, expected revision ('' = none stored), next JSON ('' = delete). Returns 1 or 0. */
const SET_REVISIONED = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif not current or cjson.decode(current).revision ~= tonumber(ARGV[2]) then
  return 0
end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
return 1
`;

export const scriptReply = z.union([z.literal(0), z.literal(1)]);

/** Writes `json` (null deletes) into `field` if its stored revision is `expectedRevision` (null: absent). */
export async function compareAndSetRevisioned(
  client: Redis | Cluster,
  hash: string,
  field: string,
  expectedRevision: number | null,
  json: string | null,
): Promise<boolean> {
  const result = await client.eval(
    SET_REVISIONED,
    1,
    hash,
    field,
    expectedRevision === null ? '' : String(expectedRevision),
    json ?? '',
  );
  return scriptReply.parse(result) === 1;
}
