import { booleanFlagAt, bucketOf } from '@switchyard/shared';

/**
 * A boolean flag document (no version) served to `percentage` percent of users; `extra` fields go over
 * it, invalid ones too, for the tests of what the server refuses.
 */
export function booleanFlag(key: string, percentage = 0, extra: Record<string, unknown> = {}) {
  return { key, ...booleanFlagAt(percentage), ...extra };
}

/** The first user ids `user-0`, `user-1`, ... whose bucket for `salt` is below / not below `percentage`. */
export function usersAround(salt: string, percentage: number): { inside: string; outside: string } {
  const threshold = percentage * 1000;
  let inside: string | undefined;
  let outside: string | undefined;
  for (let i = 0; inside === undefined || outside === undefined; i++) {
    const id = `user-${i}`;
    if (bucketOf(salt, id) < threshold) inside ??= id;
    else outside ??= id;
  }
  return { inside, outside };
}
