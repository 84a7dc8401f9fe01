import { type FlagInput, longestChain, MAX_PREREQUISITE_DEPTH } from '@switchyard/shared';
import { ApiError } from '../errors.js';
import type { FlagStore } from '../store/types.js';

/**
 * Refuses a flag whose prerequisites would make a chain longer than {@link MAX_PREREQUISITE_DEPTH}
 * links, counting the flags that depend on it as well as those it depends on.
 */
export async function assertPrerequisiteChains(
  store: FlagStore,
  env: string,
  input: FlagInput,
): Promise<void> {
  if (!input.prerequisites?.length) return;
  const below = new Map<string, string[]>();
  const above = new Map<string, string[]>();
  const add = (links: Map<string, string[]>, from: string, to: string) => {
    const list = links.get(from);
    if (list === undefined) links.set(from, [to]);
    else list.push(to);
  };
  const link = (from: string, to: string) => {
    add(below, from, to);
    add(above, to, from);
  };
  for (const flag of await store.listFlags(env)) {
    if (flag.key === input.key) continue;
    for (const p of flag.prerequisites ?? []) link(flag.key, p.flag);
  }
  for (const p of input.prerequisites) link(input.key, p.flag);
  const length = longestChain(input.key, (k) => below.get(k)) + longestChain(input.key, (k) => above.get(k));
  if (length > MAX_PREREQUISITE_DEPTH) {
    const message = `would make a chain of ${length} prerequisite links; at most ${MAX_PREREQUISITE_DEPTH} are allowed`;
    throw new ApiError('SY_ERR_VALIDATION', `Invalid flag: prerequisites: ${message}`, [
      { path: 'prerequisites', message },
    ]);
  }
}
