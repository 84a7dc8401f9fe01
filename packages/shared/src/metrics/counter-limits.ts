/**
 * The most one batch entry may report for any counter (and, in milliseconds, for a latency sum):
 * far beyond what an SDK counts between two flushes, and small enough that sums of many batches stay
 * exact integers for a long time. Stored sums saturate at `MAX_STORED_COUNT` instead.
 */
export const MAX_REPORTED_COUNT = 1_000_000_000;
/** Stored sums stop growing here (they saturate), so they stay exact and never become `null` in JSON. */
export const MAX_STORED_COUNT = Number.MAX_SAFE_INTEGER;
