// Where a ruleset stands: the store epoch it comes from (one continuous history of the data) and its
// revision in that history. Revisions never go back within an epoch; a new epoch begins only when an
// operator restores the store or accepts it as it is (docs/operations.md). Browser-safe: no zod.

/** The epoch and revision of a ruleset, a `put`, a `patch` or an evaluate response. */
export interface RulesetPosition {
  /** Absent from servers that predate epochs; such a payload is taken to be of the held epoch. */
  readonly epoch?: string | undefined;
  /** Absent from bootstraps and test data: then nothing is compared. */
  readonly revision?: number | undefined;
}

/**
 * Whether a payload at `incoming` may be applied over what is held at `held` (null: nothing yet).
 * Within one epoch only a revision at least as new applies: a server whose store came back empty
 * cannot take flags away from an SDK. A payload of another epoch applies whatever its revision.
 */
export function rulesetAdvances(held: RulesetPosition | null, incoming: RulesetPosition): boolean {
  if (held === null || held.revision === undefined || incoming.revision === undefined) return true;
  const sameEpoch = incoming.epoch === undefined || incoming.epoch === held.epoch;
  return !sameEpoch || incoming.revision >= held.revision;
}

/** The position after applying `incoming` over `held` (a payload without an epoch keeps the held one). */
export function positionAfter(held: RulesetPosition | null, incoming: RulesetPosition): RulesetPosition {
  return {
    epoch: incoming.epoch ?? held?.epoch,
    revision: incoming.revision ?? held?.revision,
  };
}
