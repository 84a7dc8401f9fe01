import type { Flag } from '@switchyard/shared';

/** Flags whose key, a tag or the description holds every word of `query` (case-insensitive). */
export function searchFlags(flags: readonly Flag[], query: string): Flag[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...flags];
  return flags.filter((flag) => {
    const text = [flag.key, ...(flag.tags ?? []), flag.description ?? ''].join('\n').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
