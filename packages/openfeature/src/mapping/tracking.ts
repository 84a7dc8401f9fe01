import type { TrackingEventDetails } from '@openfeature/core';

/**
 * Tracking event names the providers forward to Switchyard's guarded-rollout metrics. OpenFeature's
 * `track` has no flag key, so the flag travels in the details:
 *
 * ```ts
 * client.track(SwitchyardTrackingEvents.Error, context, { flag: 'new-checkout' });
 * client.track(SwitchyardTrackingEvents.Latency, context, { flag: 'new-checkout', value: 182 });
 * ```
 */
export const SwitchyardTrackingEvents = {
  /** A failure the application saw while `details.flag` served the context: `recordError`. */
  Error: 'switchyard.error',
  /** How long the code behind `details.flag` took, `details.value` milliseconds: `recordLatency`. */
  Latency: 'switchyard.latency',
} as const;

/** What one `track` call asks Switchyard to record, or null for events it does not forward. */
export type TrackedMetric = { kind: 'error'; flag: string } | { kind: 'latency'; flag: string; ms: number };

export function toTrackedMetric(eventName: string, details: TrackingEventDetails): TrackedMetric | null {
  const { flag, value } = details;
  if (typeof flag !== 'string' || flag === '') return null;
  if (eventName === SwitchyardTrackingEvents.Error) return { kind: 'error', flag };
  if (
    eventName === SwitchyardTrackingEvents.Latency &&
    typeof value === 'number' &&
    value >= 0 &&
    Number.isFinite(value)
  )
    return { kind: 'latency', flag, ms: value };
  return null;
}
