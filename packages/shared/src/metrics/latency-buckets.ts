/**
 * Upper bounds (milliseconds) of the latency histogram buckets SDKs report; one more bucket counts
 * everything slower. Fixed, so that histograms from many SDKs and minutes add up.
 *
 * Kept apart from the zod schemas so that the accumulator, which browsers bundle, pulls in no zod.
 */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;
