import { booleanFlagAt, type FlagInput } from '@switchyard/shared';

/** A boolean flag document served to `percentage` percent of users. */
export function booleanFlag(key: string, percentage: number, extra: Partial<FlagInput> = {}): FlagInput {
  return { key, ...booleanFlagAt(percentage), ...extra };
}
