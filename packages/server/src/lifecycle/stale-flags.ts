import type { Flag, Serve, StaleFlag } from '@switchyard/shared';

/**
 * Stale-flag rules, pure. A temporary flag is `launched` when it has served one variant to everyone
 * for the threshold (the release is done; the flag should leave the code), `inactive` when no SDK
 * evaluated it for the threshold (nobody asks for it any more).
 */

const serveVariant = (serve: Serve): string | null => {
  if ('variant' in serve) return serve.variant;
  const served = serve.rollout.variants.filter((v) => v.weight > 0);
  return served.length === 1 ? (served[0]?.variant ?? null) : null;
};

/**
 * The one variant a flag serves to every context whatever its attributes, or null when different
 * contexts can get different variants. A disabled flag serves its off variant to everyone.
 * Prerequisites can send some contexts to the off variant, so a flag with any serves one variant
 * only when that variant is the off variant.
 */
export function singleVariantOf(flag: Flag): string | null {
  if (!flag.enabled) return flag.offVariant;
  const fallthrough = serveVariant(flag.fallthrough);
  if (fallthrough === null) return null;
  const others = [
    ...(flag.targets ?? []).filter((t) => t.values.length > 0).map((t) => t.variant),
    ...(flag.rules ?? []).map((r) => serveVariant(r.serve)),
  ];
  if ((flag.prerequisites?.length ?? 0) > 0) others.push(flag.offVariant);
  return others.every((v) => v === fallthrough) ? fallthrough : null;
}

/**
 * Since when the flag has served `variant` to everyone without a break: the oldest version of the
 * newest run of versions that all serve it. `history` is newest first; `writtenAt` gives a
 * version's write time (null when the audit log no longer has it).
 */
export function servingSince(
  history: readonly Flag[],
  variant: string,
  writtenAt: (version: number) => number | null,
): number | null {
  let since: number | null = null;
  for (const version of history) {
    if (singleVariantOf(version) !== variant) break;
    since = writtenAt(version.version) ?? since;
  }
  return since;
}

const DAY_MS = 86_400_000;
export const days = (ms: number): string => {
  const d = Math.round(ms / DAY_MS);
  return d === 1 ? '1 day' : `${d} days`;
};

export interface StaleInputs {
  flag: Flag;
  environment: string;
  now: number;
  launchedAfterMs: number;
  inactiveAfterMs: number;
  /** When the current single-variant run began (servingSince), or null. */
  servingSince: number | null;
  /** When the flag was created, or null when the audit log no longer says. */
  createdAt: number | null;
  /** The last minute (epoch ms) with evaluations within the metrics kept, or null for none. */
  lastEvaluatedAt: number | null;
  /** The oldest time the kept metrics cover. */
  metricsFrom: number;
}

/** The stale status of one flag, or null when it is fine (or permanent, or archived). */
export function classifyStale(input: StaleInputs): StaleFlag | null {
  const { flag, environment, now } = input;
  if (flag.lifecycle === 'permanent' || flag.archived) return null;
  const variant = singleVariantOf(flag);
  if (variant !== null && input.servingSince !== null && now - input.servingSince >= input.launchedAfterMs) {
    const how = flag.enabled
      ? `served "${variant}" to everyone`
      : `been off, serving "${variant}" to everyone`;
    return {
      key: flag.key,
      environment,
      status: 'launched',
      since: new Date(input.servingSince).toISOString(),
      reason: `has ${how} for ${days(now - input.servingSince)}; remove it from the code`,
    };
  }
  const quietSince = input.lastEvaluatedAt ?? Math.max(input.createdAt ?? 0, input.metricsFrom);
  if (now - quietSince >= input.inactiveAfterMs && now - (input.createdAt ?? 0) >= input.inactiveAfterMs) {
    const reason =
      input.lastEvaluatedAt === null
        ? `no SDK has evaluated it for at least ${days(now - quietSince)}`
        : `no SDK has evaluated it for ${days(now - quietSince)}`;
    return {
      key: flag.key,
      environment,
      status: 'inactive',
      since: new Date(quietSince).toISOString(),
      reason,
    };
  }
  return null;
}
