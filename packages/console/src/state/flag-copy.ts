import type { Flag, FlagInput } from '@switchyard/shared';
import { same } from './flag-diff.js';
import { withoutVersion } from './flag-draft.js';

/**
 * What "Copy targeting to …" copies: who gets what. The kill switch (on/off), description, tags,
 * prerequisites and lifecycle stay as the other environment has them.
 */
export const COPIED_PARTS = ['targets', 'rules', 'fallthrough', 'offVariant'] as const;

/**
 * `target` with the targeting of `source` (see {@link COPIED_PARTS}), or why it cannot take it: the two
 * must be the same kind of flag, with the same variants, for the copy to mean the same thing there.
 */
export function copiedTargeting(source: Flag, target: Flag): { after: FlagInput } | { problem: string } {
  if (source.type !== target.type || !same(source.variants, target.variants)) {
    return {
      problem: `"${target.key}" has other ${source.type !== target.type ? 'type' : 'variants'} there, so its targeting cannot be copied`,
    };
  }
  const { targets: _t, rules: _r, ...rest } = withoutVersion(target);
  return {
    after: {
      ...rest,
      ...(source.targets === undefined ? {} : { targets: source.targets }),
      ...(source.rules === undefined ? {} : { rules: source.rules }),
      fallthrough: source.fallthrough,
      offVariant: source.offVariant,
    },
  };
}
