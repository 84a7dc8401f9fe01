import type { ChainableCommander } from 'ioredis';
import { z } from 'zod';
import { parseJson } from '../records.js';

/** Replies as ioredis hands them over (loosely typed), checked before the store relies on them. */
export const stringList = z.array(z.string());
export const stringHash = z.record(z.string(), z.string());
export const optionalString = z.string().nullable();

/** Runs a MULTI (or pipeline) and returns each command's reply, throwing the first error. */
export async function exec(multi: ChainableCommander): Promise<unknown[]> {
  const results = await multi.exec();
  if (results === null) throw new Error('a Redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** A list reply of JSON texts, each parsed with `schema`. */
export function parseJsonList<T>(schema: z.ZodType<T>, values: unknown, what: string): T[] {
  return stringList.parse(values).map((text) => parseJson(schema, text, what));
}
