import type { FlagInput } from '@switchyard/shared';

/** A boolean flag document served to `percentage` percent of users. */
export function booleanFlag(key: string, percentage: number, extra: Partial<FlagInput> = {}): FlagInput {
  const on = Math.round(percentage * 1000);
  return {
    key,
    type: 'boolean',
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    fallthrough: {
      rollout: {
        variants: [
          { variant: 'on', weight: on },
          { variant: 'off', weight: 100_000 - on },
        ],
      },
    },
    ...extra,
  };
}
