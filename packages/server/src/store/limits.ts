/**
 * How much each store keeps. Both stores use the same numbers so that behaviour does not change
 * with the backend; docs/stores.md lists them.
 */

/** Changes kept per environment for `changesSince` (the contract asks for at least 1,000). */
export const CHANGES_KEPT = 1_000;

/** Stored versions kept per flag in its history, newest first. */
export const HISTORY_KEPT = 1_000;

/** Audit entries kept per environment, and separately for API-key events. */
export const AUDIT_KEPT = 10_000;

/** Default age, in minutes, after which per-minute metrics are dropped: 7 days. */
export const METRICS_RETENTION_MINUTES = 7 * 24 * 60;

export const MINUTES_PER_DAY = 24 * 60;

/** Finished (delivered or failed) webhook deliveries kept per webhook; pending ones are always kept. */
export const WEBHOOK_DELIVERIES_KEPT = 200;
