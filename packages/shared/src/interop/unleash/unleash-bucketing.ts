import { evaluate } from '../../evaluation/evaluate.js';
import { murmur3 } from '../../hashing/murmur3.js';
import type { Flag, Rollout } from '../../schema/flag.js';

/** How many generated users an import compares Unleash's bucketing with Switchyard's on. */
export const REASSIGNMENT_SAMPLE = 10_000;

const STRATEGY_SEED = 0;
const VARIANT_SEED = 86028157;

/**
 * Unleash's bucketing, as unleash-client-node's `strategy/util.ts` defines it:
 * murmur3_x86_32(`${groupId}:${id}`, seed) % normalizer + 1, with seed 0 for a rollout's percentage
 * (normalizer 100) and seed 86028157 for a variant (normalizer = the variants' total weight).
 */
export function unleashNormalized(id: string, groupId: string, normalizer: number, seed: number): number {
  return (murmur3(`${groupId}:${id}`, seed) % normalizer) + 1;
}

/** What one Unleash strategy serves, in the translated flag's variant names. */
export interface UnleashServe {
  /** The strategy's rollout percentage (100 for `default` and `userWithId`). */
  percentage: number;
  groupId: string;
  /** The variant a user inside the rollout gets when there are no variants (`on`). */
  enabledVariant: string;
  /** The variant a user outside the rollout gets (the flag's off variant). */
  outVariant: string;
  variants: { name: string; weight: number }[];
  /** The group Unleash hashes variants with: the flag's name, or the strategy's groupId. */
  variantGroupId: string;
}

/** The variant Unleash serves `id`: its rollout first, then its weighted variants. */
export function unleashVariantOf(serve: UnleashServe, id: string): string {
  const inRollout =
    serve.percentage > 0 && unleashNormalized(id, serve.groupId, 100, STRATEGY_SEED) <= serve.percentage;
  if (!inRollout) return serve.outVariant;
  const total = serve.variants.reduce((sum, v) => sum + v.weight, 0);
  if (total <= 0) return serve.enabledVariant;
  const target = unleashNormalized(id, serve.variantGroupId, total, VARIANT_SEED);
  let counter = 0;
  for (const v of serve.variants) {
    if (v.weight === 0) continue;
    counter += v.weight;
    if (counter >= target) return v.name;
  }
  return serve.enabledVariant;
}

/** The share of `ids` that Switchyard's translated rollout serves another variant than Unleash does. */
export function reassignedShare(
  serve: UnleashServe,
  rollout: Rollout,
  salt: string,
  ids: Iterable<string> = sampleIds(),
): number {
  // Switchyard's side is the engine itself, serving the rollout from a probe flag.
  const probe: Flag = {
    key: 'probe',
    type: 'json',
    variants: Object.fromEntries(
      [serve.outVariant, ...rollout.variants.map((v) => v.variant)].map((name) => [name, name]),
    ),
    enabled: true,
    offVariant: serve.outVariant,
    fallthrough: { rollout: { variants: rollout.variants } },
    salt,
    version: 0,
  };
  const ruleset = { flags: { probe }, segments: {} };
  let differ = 0;
  let n = 0;
  for (const id of ids) {
    n += 1;
    if (unleashVariantOf(serve, id) !== evaluate('probe', { userId: id }, ruleset).variant) differ += 1;
  }
  return n === 0 ? 0 : differ / n;
}

function* sampleIds(): Generator<string> {
  for (let i = 0; i < REASSIGNMENT_SAMPLE; i += 1) yield `user-${i}`;
}
